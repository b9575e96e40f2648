package dev.switchboard.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;

/** One shared JSON-B instance (thread-safe, costly to build) for events and frames. */
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
}
