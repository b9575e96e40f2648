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
    String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ChatException.unauthorized("a Bearer token is required");
    }
    return header.substring(7).trim();
  }
}
