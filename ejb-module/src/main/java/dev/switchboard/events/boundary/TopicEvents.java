package dev.switchboard.events.boundary;

import dev.switchboard.platform.Json;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The records that travel the events topic, by the simple name the publisher puts on them, and
 * their JSON there: JSON-B's, but for those that carry a message ({@link MessagePosted}, the most
 * common, and {@link MessageChanged}), whose JSON is put in as it was written once.
 */
public final class TopicEvents {

  static final Map<String, Class<?>> TYPES =
      Stream.of(ChatEvent.class.getPermittedSubclasses())
          .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));

  private TopicEvents() {}

  public static String write(ChatEvent event) {
    if (event instanceof MessagePosted posted) {
      return posted.toTopic();
    }
    if (event instanceof MessageChanged changed) {
      return changed.toTopic();
    }
    return Json.write(event);
  }

  /** The event of that type name; null for a type this instance does not know. */
  static ChatEvent read(String type, String json) {
    Class<?> record = TYPES.get(type);
    if (record == null) {
      return null;
    }
    if (record == MessagePosted.class) {
      return MessagePosted.fromTopic(json);
    }
    if (record == MessageChanged.class) {
      return MessageChanged.fromTopic(json);
    }
    return (ChatEvent) Json.read(json, record);
  }
}
