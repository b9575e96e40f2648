package dev.switchboard.system;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plays the browsers' push service: takes what the servers post to a subscription's endpoint and,
 * as the browser would, checks the VAPID signature (RFC 8292) and decrypts the message with the
 * subscription's private key (RFC 8291, aes128gcm of RFC 8188). Written here from the RFCs, apart
 * from the library the servers use, so each checks the other. An endpoint can be told to answer 410
 * (the browser unsubscribed) or 503.
 */
final class PushService {

  /** A browser's subscription: its endpoint here and its key pair and auth secret. */
  record Subscription(String endpoint, KeyPair keys, byte[] auth) {

    String json() {
      var encoder = Base64.getUrlEncoder().withoutPadding();
      return Json.createObjectBuilder()
          .add("endpoint", endpoint)
          .add(
              "keys",
              Json.createObjectBuilder()
                  .add(
                      "p256dh",
                      encoder.encodeToString(uncompressed((ECPublicKey) keys.getPublic())))
                  .add("auth", encoder.encodeToString(auth)))
          .build()
          .toString();
    }
  }

  /** One push as the browser would see it: the decrypted payload and the VAPID claims. */
  record Push(
      String endpoint,
      JsonObject payload,
      JsonObject vapidClaims,
      String vapidKey,
      Map<String, List<String>> headers) {}

  private final int port;
  private HttpServer server;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final List<Push> received = new ArrayList<>();

  PushService(int port) {
    this.port = port;
  }

  /** What the servers are told to accept as a push service. */
  String origin() {
    return "http://127.0.0.1:" + port;
  }

  synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/push/",
        exchange -> {
          String endpoint = origin() + exchange.getRequestURI().getPath();
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = answers.getOrDefault(endpoint, 201);
          attempts.merge(endpoint, 1, Integer::sum);
          Subscription subscription = subscriptions.get(endpoint);
          if (status == 201 && subscription != null) {
            try {
              record(endpoint, subscription, body, exchange.getRequestHeaders());
            } catch (Exception e) {
              status = 400;
              e.printStackTrace();
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** A new browser subscription at this service. */
  Subscription subscribe() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    var subscription =
        new Subscription(
            origin() + "/push/" + UUID.randomUUID(), generator.generateKeyPair(), auth);
    subscriptions.put(subscription.endpoint(), subscription);
    return subscription;
  }

  /** From now on the endpoint answers {@code status} and keeps nothing. */
  void answer(Subscription subscription, int status) {
    answers.put(subscription.endpoint(), status);
  }

  /** How often the servers posted to the subscription, whatever the answer. */
  int attempts(Subscription subscription) {
    return attempts.getOrDefault(subscription.endpoint(), 0);
  }

  synchronized List<Push> received(Subscription subscription) {
    return received.stream().filter(p -> p.endpoint().equals(subscription.endpoint())).toList();
  }

  /** The first push to the subscription that {@code wanted} accepts, within the time. */
  Push await(Subscription subscription, Predicate<Push> wanted, Duration timeout) throws Exception {
    return Poll.until(
            timeout,
            () -> received(subscription).stream().filter(wanted).findFirst(),
            Optional::isPresent)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no such push within " + timeout + "; received " + received(subscription)));
  }

  private void record(
      String endpoint, Subscription subscription, byte[] body, Map<String, List<String>> headers)
      throws Exception {
    String authorization = headers.get("Authorization").get(0);
    // "vapid t=<JWT>, k=<public key>"
    String token = authorization.replaceAll("^vapid t=([^,]+),.*$", "$1");
    String key = authorization.replaceAll("^.*k=([A-Za-z0-9_-]+).*$", "$1");
    JsonObject claims = verifiedClaims(token, key);
    JsonObject payload =
        Json.createReader(
                new StringReader(new String(decrypt(subscription, body), StandardCharsets.UTF_8)))
            .readObject();
    synchronized (this) {
      received.add(new Push(endpoint, payload, claims, key, Map.copyOf(headers)));
    }
  }

  /** The JWT's claims, once its ES256 signature checks out against the key it came with. */
  private static JsonObject verifiedClaims(String jwt, String key) throws Exception {
    String[] parts = jwt.split("\\.");
    var verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(publicKey(Base64.getUrlDecoder().decode(key)));
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
      throw new IllegalStateException("the VAPID signature does not verify");
    }
    JsonObject claims =
        Json.createReader(
                new StringReader(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))
            .readObject();
    if (claims.getJsonNumber("exp").longValue() < Instant.now().getEpochSecond()) {
      throw new IllegalStateException("the VAPID token has expired");
    }
    return claims;
  }

  /** RFC 8291 section 3.4 and RFC 8188: one record, as Web Push sends. */
  static byte[] decrypt(Subscription subscription, byte[] body) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    in.getInt(); // record size
    byte[] serverKey = new byte[in.get() & 0xff];
    in.get(serverKey);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);

    var agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(subscription.keys().getPrivate());
    agreement.doPhase(publicKey(serverKey), true);
    byte[] ecdhSecret = agreement.generateSecret();
    byte[] userKey = uncompressed((ECPublicKey) subscription.keys().getPublic());

    byte[] keyInfo =
        concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), userKey, serverKey);
    byte[] ikm = hkdf(subscription.auth(), ecdhSecret, keyInfo, 32);
    byte[] cek =
        hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce =
        hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = cipher.doFinal(ciphertext);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new IllegalStateException("no last-record delimiter");
    }
    return Arrays.copyOf(padded, end);
  }

  /** HKDF-SHA-256 (RFC 5869), an output of at most one block. */
  private static byte[] hkdf(byte[] salt, byte[] secret, byte[] info, int length) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(secret);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
  }

  private static PublicKey publicKey(byte[] uncompressed) throws Exception {
    var parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    var point =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
    return KeyFactory.getInstance("EC")
        .generatePublic(
            new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
  }

  static byte[] uncompressed(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    copy(key.getW().getAffineX(), out, 1);
    copy(key.getW().getAffineY(), out, 33);
    return out;
  }

  private static void copy(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
