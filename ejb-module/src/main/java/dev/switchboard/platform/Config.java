package dev.switchboard.platform;

/**
 * The configuration keys that are the operator's interface. Values come from MicroProfile Config
 * (environment variables in production); defaults live in META-INF/microprofile-config.properties.
 */
public final class Config {
  public static final String DB_URL = "SWITCHBOARD_DB_URL";
  public static final String DB_USER = "SWITCHBOARD_DB_USER";
  public static final String DB_PASSWORD = "SWITCHBOARD_DB_PASSWORD";
  public static final String BROKER_URL = "SWITCHBOARD_BROKER_URL";
  public static final String BROKER_USER = "SWITCHBOARD_BROKER_USER";
  public static final String BROKER_PASSWORD = "SWITCHBOARD_BROKER_PASSWORD";
  public static final String ALLOWED_ORIGINS = "SWITCHBOARD_ALLOWED_ORIGINS";
  public static final String BOOTSTRAP_AGENTS = "SWITCHBOARD_BOOTSTRAP_AGENTS";
  public static final String AGENT_TOKEN_HOURS = "SWITCHBOARD_AGENT_TOKEN_HOURS";
  public static final String VISITOR_TOKEN_DAYS = "SWITCHBOARD_VISITOR_TOKEN_DAYS";

  /** Derived from {@link #BROKER_URL} by {@link BrokerConfigSource} for the resource adapter. */
  public static final String BROKER_CONNECTION_PARAMETERS =
      "switchboard.broker.connection-parameters";

  private Config() {}
}
