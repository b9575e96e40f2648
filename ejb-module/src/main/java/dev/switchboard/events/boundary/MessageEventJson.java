package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.platform.Json;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * The topic's JSON of the events that carry a message ({@link MessagePosted}, {@link
 * MessageChanged}): {@code {"audience":…,"message":…,"originSession":…}}, as JSON-B writes such a
 * record, with the message's JSON put in as it was written once; read with a streaming parser, the
 * message's JSON kept as it came (members unknown here included).
 */
final class MessageEventJson {

  record Parts(Audience audience, MessageView message, String messageJson, String originSession) {}

  private MessageEventJson() {}

  static String write(Audience audience, String messageJson, String originSession) {
    var json =
        new StringBuilder(messageJson.length() + 160)
            .append("{\"audience\":")
            .append(Json.write(audience))
            .append(",\"message\":")
            .append(messageJson);
    if (originSession != null) {
      json.append(",\"originSession\":").append(Json.write(originSession));
    }
    return json.append('}').toString();
  }

  static Parts read(String json) {
    Audience audience = null;
    MessageView message = null;
    String messageJson = null;
    String originSession = null;
    try (JsonParser parser = Json.PROVIDER.createParser(new StringReader(json))) {
      Json.expect(parser, JsonParser.Event.START_OBJECT);
      while (Json.nextKey(parser)) {
        switch (parser.getString()) {
          case "audience" -> {
            Json.expect(parser, JsonParser.Event.START_OBJECT);
            audience = audience(parser);
          }
          case "message" -> {
            Json.expect(parser, JsonParser.Event.START_OBJECT);
            // The parser's offset is just past the token it returned.
            int start = (int) parser.getLocation().getStreamOffset() - 1;
            message = MessageView.read(parser);
            messageJson = json.substring(start, (int) parser.getLocation().getStreamOffset());
          }
          case "originSession" -> originSession = Json.nextString(parser);
          default -> Json.skipValue(parser);
        }
      }
    }
    if (audience == null || message == null) {
      throw new IllegalArgumentException("not a message's event: " + json);
    }
    return new Parts(audience, message, messageJson, originSession);
  }

  private static Audience audience(JsonParser parser) {
    String visitorId = null;
    String teamId = null;
    String assigneeId = null;
    var colleagues = new java.util.ArrayList<String>();
    while (Json.nextKey(parser)) {
      switch (parser.getString()) {
        case "visitorId" -> visitorId = Json.nextString(parser);
        case "teamId" -> teamId = Json.nextString(parser);
        case "assigneeId" -> assigneeId = Json.nextString(parser);
        case "colleagues" -> {
          Json.expect(parser, JsonParser.Event.START_ARRAY);
          for (var e = parser.next(); e != JsonParser.Event.END_ARRAY; e = parser.next()) {
            if (e != JsonParser.Event.VALUE_STRING) {
              throw new IllegalArgumentException("colleagues are ids, found " + e);
            }
            colleagues.add(parser.getString());
          }
        }
        default -> Json.skipValue(parser);
      }
    }
    return new Audience(visitorId, teamId, assigneeId, colleagues);
  }
}
