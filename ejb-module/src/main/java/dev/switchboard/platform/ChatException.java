package dev.switchboard.platform;

import jakarta.ejb.ApplicationException;

/** A refusal the client should see as an {@code error} frame; rolls the transaction back. */
@ApplicationException(rollback = true)
public class ChatException extends RuntimeException {

  private final ErrorCode code;
  private final long retryAfterSeconds;

  public ChatException(ErrorCode code, String message) {
    this(code, message, 0);
  }

  private ChatException(ErrorCode code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  /** When it is worth trying again, for a limit that resets (HTTP's Retry-After); 0: unsaid. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ChatException rateLimited(String message, java.time.Duration retryAfter) {
    return new ChatException(ErrorCode.RATE_LIMITED, message, Math.max(1, retryAfter.toSeconds()));
  }

  public static ChatException badRequest(String message) {
    return new ChatException(ErrorCode.BAD_REQUEST, message);
  }

  public static ChatException forbidden(String message) {
    return new ChatException(ErrorCode.FORBIDDEN, message);
  }

  public static ChatException conflict(String message) {
    return new ChatException(ErrorCode.CONFLICT, message);
  }

  public static ChatException notFound(String message) {
    return new ChatException(ErrorCode.NOT_FOUND, message);
  }

  /**
   * What a client should be told about any failure: our own refusals as they are; text PostgreSQL
   * cannot store (a NUL character: SQLSTATE 22021) as {@code bad_request}; anything else (database
   * or broker down, a timeout) as {@code unavailable}, so the client may retry.
   */
  public static ChatException classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ChatException chat) {
        return chat;
      }
      if (t instanceof java.sql.SQLException sql && "22021".equals(sql.getSQLState())) {
        return badRequest("text must not contain NUL characters");
      }
    }
    return unavailable("the service is unavailable, try again");
  }

  public static ChatException unauthorized(String message) {
    return new ChatException(ErrorCode.UNAUTHORIZED, message);
  }

  /** Something this needs is away (a provider that does not answer): worth trying again. */
  public static ChatException unavailable(String message) {
    return new ChatException(ErrorCode.UNAVAILABLE, message);
  }
}
