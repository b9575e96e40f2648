package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.platform.Json;

/**
 * A message committed to a conversation, as it travels on the events topic, with the message's JSON
 * (the wire contract's): written once, on the instance that stored it, and carried as it is into
 * every instance's frames. On the topic it is {@code {"audience":…,"message":…}} (as JSON-B writes
 * the pair), read with a streaming parser ({@link MessageEventJson}): binding it with JSON-B and
 * writing the frame again cost the receiving instances a sixth of their CPU.
 */
public record MessagePosted(Audience audience, MessageView message, String messageJson)
    implements ChatEvent {

  public MessagePosted(Audience audience, MessageView message) {
    this(audience, message, Json.write(message));
  }

  /** As the topic carries it. */
  public String toTopic() {
    return MessageEventJson.write(audience, messageJson, null);
  }

  public static MessagePosted fromTopic(String json) {
    var parts = MessageEventJson.read(json);
    return new MessagePosted(parts.audience(), parts.message(), parts.messageJson());
  }
}
