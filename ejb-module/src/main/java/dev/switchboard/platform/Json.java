package dev.switchboard.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/**
 * One shared JSON-B instance (thread-safe, costly to build) for events and frames, and the steps of
 * reading the topic's most common event with a streaming parser ({@code MessagePosted}).
 */
public final class Json {

  private static final Jsonb JSONB = JsonbBuilder.create();

  /**
   * Found once: {@code jakarta.json.Json.createReader} looks the provider up through the service
   * loader on every call, which scans jars (it showed in profiles of every received frame).
   */
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private Json() {}

  public static String write(Object value) {
    return JSONB.toJson(value);
  }

  public static <T> T read(String json, Class<T> type) {
    return JSONB.fromJson(json, type);
  }

  /** A timestamp column's value as the wire writes times (ISO-8601, UTC); null stays null. */
  public static String instant(Object value) {
    if (value instanceof java.time.OffsetDateTime time) {
      return java.time.format.DateTimeFormatter.ISO_INSTANT.format(time);
    }
    if (value instanceof java.sql.Timestamp time) {
      return time.toInstant().toString();
    }
    return value == null ? null : value.toString();
  }

  /** Reads the next event, which must be {@code expected}. */
  public static void expect(JsonParser parser, JsonParser.Event expected) {
    JsonParser.Event found = parser.next();
    if (found != expected) {
      throw new IllegalArgumentException("expected " + expected + ", found " + found);
    }
  }

  /**
   * Inside an object: true with the parser on the next member's name, false at the object's end.
   */
  public static boolean nextKey(JsonParser parser) {
    JsonParser.Event event = parser.next();
    if (event == JsonParser.Event.END_OBJECT) {
      return false;
    }
    if (event != JsonParser.Event.KEY_NAME) {
      throw new IllegalArgumentException("expected a member, found " + event);
    }
    return true;
  }

  /** Passes over a member's value (of a member this reader does not know). */
  public static void skipValue(JsonParser parser) {
    switch (parser.next()) {
      case START_OBJECT -> parser.skipObject();
      case START_ARRAY -> parser.skipArray();
      default -> {}
    }
  }

  /** A member's value, if it is an object: true with the parser inside it, false for null. */
  public static boolean nextObject(JsonParser parser) {
    JsonParser.Event event = parser.next();
    if (event == JsonParser.Event.VALUE_NULL) {
      return false;
    }
    if (event != JsonParser.Event.START_OBJECT) {
      throw new IllegalArgumentException("expected an object, found " + event);
    }
    return true;
  }

  public static String nextString(JsonParser parser) {
    JsonParser.Event event = parser.next();
    if (event == JsonParser.Event.VALUE_NULL) {
      return null;
    }
    if (event != JsonParser.Event.VALUE_STRING) {
      throw new IllegalArgumentException("expected a string, found " + event);
    }
    return parser.getString();
  }

  public static Long nextLong(JsonParser parser) {
    JsonParser.Event event = parser.next();
    if (event == JsonParser.Event.VALUE_NULL) {
      return null;
    }
    if (event != JsonParser.Event.VALUE_NUMBER || !parser.isIntegralNumber()) {
      throw new IllegalArgumentException("expected an integer, found " + event);
    }
    return parser.getLong();
  }

  public static boolean nextBoolean(JsonParser parser) {
    return switch (parser.next()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }
}
