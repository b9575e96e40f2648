package dev.switchboard.platform;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code SWITCHBOARD_BROKER_URL} ({@code tcp://host:port}) into the {@code host=…;port=…}
 * parameters Artemis' resource adapter takes, so operators configure one URL.
 */
public class BrokerConfigSource implements ConfigSource {

  static final String DEFAULT_URL = "tcp://127.0.0.1:61616";

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(Config.BROKER_CONNECTION_PARAMETERS);
  }

  @Override
  public String getValue(String propertyName) {
    if (!Config.BROKER_CONNECTION_PARAMETERS.equals(propertyName)) {
      return null;
    }
    return connectionParameters(brokerUrl());
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        Config.BROKER_CONNECTION_PARAMETERS, getValue(Config.BROKER_CONNECTION_PARAMETERS));
  }

  @Override
  public String getName() {
    return "switchboard-broker-url";
  }

  @Override
  public int getOrdinal() {
    return 50;
  }

  static String brokerUrl() {
    String url = System.getProperty(Config.BROKER_URL);
    if (url == null || url.isBlank()) {
      url = System.getenv(Config.BROKER_URL);
    }
    return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
  }

  static String connectionParameters(String url) {
    URI uri = URI.create(url);
    if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          Config.BROKER_URL + " must look like tcp://host:port, not " + url);
    }
    int port = uri.getPort() == -1 ? 61616 : uri.getPort();
    return "host=" + uri.getHost() + ";port=" + port;
  }
}
