package dev.switchboard.platform;

/** The error codes of the wire contract, in their wire spelling. */
public enum ErrorCode {
  BAD_REQUEST,
  UNAUTHORIZED,
  FORBIDDEN,
  NOT_FOUND,
  TOO_LARGE,
  UNSUPPORTED_TYPE,
  RATE_LIMITED,
  CONFLICT,
  UNAVAILABLE;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
