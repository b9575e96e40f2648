package dev.switchboard.rest;

import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;

/** The participant behind {@code Authorization: Bearer <token>}, or 401. */
@RequestScoped
public class Bearer {

  @EJB Credentials credentials;

  Participant require(HttpHeaders headers) {
    return credentials
        .authenticateAny(token(headers))
        .orElseThrow(() -> ChatException.unauthorized("unknown or expired token"));
  }

  /** The token of the {@code Authorization} header, or 401. */
  static String token(HttpHeaders headers) {
    String token = tokenOf(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      throw ChatException.unauthorized("a Bearer token is required");
    }
    return token;
  }

  /** The token of an {@code Authorization} header's value, or null if it holds none. */
  public static String tokenOf(String header) {
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim()
        : null;
  }
}
