package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.platform.Json;

/**
 * A message changed or removed after it was sent (it keeps its seq), as it travels on the events
 * topic like {@link MessagePosted}; the socket that asked for the change ({@code originSession},
 * null for the HTTP API) was answered already.
 */
public record MessageChanged(
    Audience audience, MessageView message, String messageJson, String originSession)
    implements ChatEvent {

  public MessageChanged(Audience audience, MessageView message, String originSession) {
    this(audience, message, Json.write(message), originSession);
  }

  public String toTopic() {
    return MessageEventJson.write(audience, messageJson, originSession);
  }

  public static MessageChanged fromTopic(String json) {
    var parts = MessageEventJson.read(json);
    return new MessageChanged(
        parts.audience(), parts.message(), parts.messageJson(), parts.originSession());
  }
}
