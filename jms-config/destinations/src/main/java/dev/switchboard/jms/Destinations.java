package dev.switchboard.jms;

/** The one home of the broker's names: destinations, the resource adapter and JNDI names. */
public final class Destinations {

  /** Topic every instance subscribes to (non-shared): messages, typing, presence. */
  public static final String CHAT_EVENTS = "chat.events";

  /** Queue with one consumer per message in the cluster: mail notifications. */
  public static final String CHAT_MAIL = "chat.mail";

  /** Module name of the Artemis resource adapter archive, deployed before the application. */
  public static final String RESOURCE_ADAPTER = "switchboard-artemis-rar";

  /** Application-scoped JNDI name of the connection factory defined by the application. */
  public static final String CONNECTION_FACTORY = "java:app/jms/SwitchboardConnectionFactory";

  /**
   * The broker address for the resource adapter, resolved by Payara at deployment from the
   * environment ({@code SWITCHBOARD_BROKER_HOST}, {@code SWITCHBOARD_BROKER_PORT}).
   */
  public static final String CONNECTION_PARAMETERS =
      "host=${MPCONFIG=SWITCHBOARD_BROKER_HOST};port=${MPCONFIG=SWITCHBOARD_BROKER_PORT}";

  /** Default broker port of the embedded broker and of docker/. */
  public static final int DEFAULT_PORT = 61616;

  private Destinations() {}
}
