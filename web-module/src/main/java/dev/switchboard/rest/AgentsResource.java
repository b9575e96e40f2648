package dev.switchboard.rest;

import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("agents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

  public record LoginRequest(String username, String password) {}

  @EJB Agents agents;

  @EJB Credentials credentials;

  /** Signs this token out everywhere: 204, or 401 for a token that is not a valid agent token. */
  @POST
  @Path("logout")
  public void logout(@Context HttpHeaders headers) {
    if (!credentials.revoke(Bearer.token(headers))) {
      throw ChatException.unauthorized("unknown or expired token");
    }
  }

  @POST
  @Path("login")
  public Agents.Login login(LoginRequest request) {
    return request == null
        ? agents.login(null, null)
        : agents.login(request.username(), request.password());
  }
}
