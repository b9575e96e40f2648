package dev.switchboard.jms;

/** The one home of the broker's names: destinations, the resource adapter and JNDI names. */
public final class Destinations {

  /** Topic every instance subscribes to (non-shared): messages, typing, presence. */
  public static final String CHAT_EVENTS = "chat.events";

  /**
   * The property of an events message whose events its sending instance has delivered to its own
   * sockets already: that instance's {@link #NODE_PROPERTY}.
   */
  public static final String ORIGIN = "origin";

  /**
   * The system property naming a JVM among all that share the broker (each its own: the launcher,
   * the Docker image and the Payara Server script set it). Payara puts its value in {@link
   * #NOT_OWN_EVENTS} at deployment; without it the selector leaves nothing out and the instance
   * skips its own events itself.
   */
  public static final String NODE_PROPERTY = "switchboard.node";

  /** The events subscription's selector: all but the events this instance delivered itself. */
  public static final String NOT_OWN_EVENTS =
      ORIGIN + " IS NULL OR " + ORIGIN + " <> '${" + NODE_PROPERTY + "}'";

  /** Queue with one consumer per message in the cluster: mail notifications. */
  public static final String CHAT_MAIL = "chat.mail";

  /** Where a mail job goes after its last failed attempt, for an operator to look at or retry. */
  public static final String CHAT_MAIL_DEAD = "chat.mail.dead";

  /**
   * Queue with one consumer per message in the cluster: webhook deliveries, each retried by the
   * application with a growing delay (a job put back with its next attempt).
   */
  public static final String CHAT_WEBHOOKS = "chat.webhooks";

  /**
   * Queue with one consumer per message in the cluster: Web Push jobs, retried by the broker's
   * default redelivery (a few minutes) and then left in {@code DLQ}.
   */
  public static final String CHAT_PUSH = "chat.push";

  /** Module name of the Artemis resource adapter archive, deployed before the application. */
  public static final String RESOURCE_ADAPTER = "switchboard-artemis-rar";

  /** Application-scoped JNDI name of the connection factory defined by the application. */
  public static final String CONNECTION_FACTORY = "java:app/jms/SwitchboardConnectionFactory";

  /**
   * The broker address for the resource adapter: Artemis connector parameters from the environment,
   * e.g. {@code host=artemis;port=61616} (TLS: add {@code ;sslEnabled=true;...}). Payara
   * substitutes a whole value only, so this is one key rather than a host and a port.
   */
  public static final String CONNECTION_PARAMETERS = "${MPCONFIG=SWITCHBOARD_BROKER_CONNECTION}";

  /**
   * Artemis uses {@link #CONNECTION_PARAMETERS} of a connection factory or activation only when the
   * connector class is given beside them.
   */
  public static final String CONNECTOR_CLASS =
      "org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory";

  /** Default broker port of the embedded broker and of docker/. */
  public static final int DEFAULT_PORT = 61616;

  private Destinations() {}
}
