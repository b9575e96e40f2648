package dev.switchboard.notifications.control;

import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.VAPIDKeyPairs;
import com.zerodeplibs.webpush.key.PrivateKeySources;
import com.zerodeplibs.webpush.key.PublicKeySources;
import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The application server's VAPID key pair (RFC 8292), as the usual tools write it: the public key
 * the uncompressed P-256 point and the private key the 32-byte scalar, both base64url. Without
 * both, Web Push is off; a bad pair stops the deployment. Read at start-up, where the count of
 * pushes sent is registered too (so every instance describes it from the start).
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class VapidKeys {

  private static final Logger LOG = Logger.getLogger(VapidKeys.class.getName());

  @Inject
  @ConfigProperty(name = Config.VAPID_PUBLIC_KEY)
  Optional<String> publicKey;

  @Inject
  @ConfigProperty(name = Config.VAPID_PRIVATE_KEY)
  Optional<String> privateKey;

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry metrics;

  private VAPIDKeyPair pair;

  private Counter sent;

  @PostConstruct
  void load() {
    sent =
        metrics.counter(
            Metadata.builder()
                .withName("switchboard.push.sent")
                .withDescription("Push messages the push services took from this instance")
                .build());
    if (publicKey.isEmpty() || privateKey.isEmpty()) {
      LOG.info(
          "no "
              + Config.VAPID_PUBLIC_KEY
              + " and "
              + Config.VAPID_PRIVATE_KEY
              + ": Web Push is off (the launcher makes a pair)");
      return;
    }
    try {
      var decoder = Base64.getUrlDecoder();
      pair =
          VAPIDKeyPairs.of(
              PrivateKeySources.ofECPrivateKey(privateKey(decoder.decode(privateKey.get().trim()))),
              PublicKeySources.ofUncompressedBytes(decoder.decode(publicKey.get().trim())));
    } catch (Exception e) {
      throw new IllegalStateException(
          Config.VAPID_PUBLIC_KEY
              + " / "
              + Config.VAPID_PRIVATE_KEY
              + ": not a P-256 key pair in base64url ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** Counts a push a push service took. */
  public void sent() {
    sent.inc();
  }

  public boolean enabled() {
    return pair != null;
  }

  public VAPIDKeyPair pair() {
    return pair;
  }

  /** What browsers subscribe with ({@code applicationServerKey}), base64url. */
  public String publicKey() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(pair.extractPublicKeyInUncompressedForm());
  }

  static ECPrivateKey privateKey(byte[] scalar) throws Exception {
    if (scalar.length != 32) {
      throw new IllegalArgumentException("the private key is 32 bytes, not " + scalar.length);
    }
    var parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    var spec =
        new ECPrivateKeySpec(
            new BigInteger(1, scalar), parameters.getParameterSpec(ECParameterSpec.class));
    return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(spec);
  }
}
