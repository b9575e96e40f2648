package dev.switchboard.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** One shared JSON-B instance (thread-safe, costly to build) for events and frames. */
public final class Json {

  private static final Jsonb JSONB = JsonbBuilder.create();

  private Json() {}

  public static String write(Object value) {
    return JSONB.toJson(value);
  }

  public static <T> T read(String json, Class<T> type) {
    return JSONB.fromJson(json, type);
  }
}
