package dev.switchboard.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Switchboard-Signature} of a delivery: {@code t=<unix seconds>,v1=<hex>}, where the
 * hex is HMAC-SHA256, keyed with the endpoint's secret, of {@code <t>.<body>}. The timestamp is
 * signed with the body, so a receiver can refuse old deliveries replayed.
 */
public final class Signature {

  private Signature() {}

  public static String header(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
  }

  static String hmac(String secret, String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
