package dev.switchboard.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Properties;

/**
 * The VAPID key pair of a local run (RFC 8292): made once and kept in the data directory, since
 * browsers' subscriptions are bound to the public key. Base64url, as the usual tools write it.
 */
record WebPushKeys(String publicKey, String privateKey, boolean created) {

  static final String PUBLIC = "SWITCHBOARD_VAPID_PUBLIC_KEY";
  static final String PRIVATE = "SWITCHBOARD_VAPID_PRIVATE_KEY";

  static WebPushKeys loadOrCreate(Path file) throws IOException, GeneralSecurityException {
    var properties = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        properties.load(in);
      }
      if (properties.getProperty(PUBLIC) != null && properties.getProperty(PRIVATE) != null) {
        return new WebPushKeys(
            properties.getProperty(PUBLIC), properties.getProperty(PRIVATE), false);
      }
    }
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    var pair = generator.generateKeyPair();
    var point = ((ECPublicKey) pair.getPublic()).getW();
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 0x04;
    copy(point.getAffineX(), uncompressed, 1);
    copy(point.getAffineY(), uncompressed, 33);
    byte[] scalar = new byte[32];
    copy(((ECPrivateKey) pair.getPrivate()).getS(), scalar, 0);
    var encoder = Base64.getUrlEncoder().withoutPadding();
    var keys =
        new WebPushKeys(encoder.encodeToString(uncompressed), encoder.encodeToString(scalar), true);
    properties.setProperty(PUBLIC, keys.publicKey());
    properties.setProperty(PRIVATE, keys.privateKey());
    Files.createDirectories(file.getParent());
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(
          out,
          "Web Push (VAPID) keys of this local Switchboard; keep them: subscriptions depend on them");
    }
    return keys;
  }

  /** The number as exactly 32 bytes, big-endian, at {@code offset}. */
  private static void copy(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
  }
}
