package dev.switchboard.events.boundary;

import dev.switchboard.platform.Json;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The records that travel the events topic, by the simple name the publisher puts on them, and
 * their JSON there: JSON-B's, but for the most common one, {@link MessagePosted}, which carries the
 * message's JSON as it was written once.
 */
public final class TopicEvents {

  static final Map<String, Class<?>> TYPES =
      Stream.of(
              MessagePosted.class,
              TypingChanged.class,
              ProfileChanged.class,
              ConversationChanged.class,
              ReceiptChanged.class,
              PresenceChanged.class,
              TokenRevoked.class,
              VisitorErased.class,
              AgentChanged.class)
          .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));

  private TopicEvents() {}

  public static String write(Object event) {
    return event instanceof MessagePosted posted ? posted.toTopic() : Json.write(event);
  }

  /** The event of that type name; null for a type this instance does not know. */
  static Object read(String type, String json) {
    Class<?> record = TYPES.get(type);
    if (record == null) {
      return null;
    }
    return record == MessagePosted.class ? MessagePosted.fromTopic(json) : Json.read(json, record);
  }
}
