package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.messages.boundary.MessageView;
import dev.switchboard.platform.Json;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * A message committed to a conversation, as it travels on the events topic, with the message's JSON
 * (the wire contract's): written once, on the instance that stored it, and carried as it is into
 * every instance's frames. On the topic it is {@code {"audience":…,"message":…}} (as JSON-B writes
 * the pair), read with a streaming parser: binding it with JSON-B and writing the frame again cost
 * the receiving instances a sixth of their CPU.
 */
public record MessagePosted(Audience audience, MessageView message, String messageJson) {

  public MessagePosted(Audience audience, MessageView message) {
    this(audience, message, Json.write(message));
  }

  /** As the topic carries it. */
  public String toTopic() {
    return "{\"audience\":" + Json.write(audience) + ",\"message\":" + messageJson + "}";
  }

  /** From the topic: the message's JSON is kept as it came, members unknown here included. */
  public static MessagePosted fromTopic(String json) {
    Audience audience = null;
    MessageView message = null;
    String messageJson = null;
    try (JsonParser parser = Json.PROVIDER.createParser(new StringReader(json))) {
      Json.expect(parser, JsonParser.Event.START_OBJECT);
      while (Json.nextKey(parser)) {
        switch (parser.getString()) {
          case "audience" -> {
            parser.next();
            var object = parser.getObject();
            audience =
                new Audience(
                    object.getString("visitorId", null),
                    object.getString("teamId", null),
                    object.getString("assigneeId", null));
          }
          case "message" -> {
            Json.expect(parser, JsonParser.Event.START_OBJECT);
            // The parser's offset is just past the token it returned.
            int start = (int) parser.getLocation().getStreamOffset() - 1;
            message = MessageView.read(parser);
            messageJson = json.substring(start, (int) parser.getLocation().getStreamOffset());
          }
          default -> Json.skipValue(parser);
        }
      }
    }
    if (audience == null || message == null) {
      throw new IllegalArgumentException("not a posted message: " + json);
    }
    return new MessagePosted(audience, message, messageJson);
  }
}
