package dev.switchboard.rest;

import dev.switchboard.participants.boundary.Agents;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("agents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

  public record LoginRequest(String username, String password) {}

  @EJB Agents agents;

  @POST
  @Path("login")
  public Agents.Login login(LoginRequest request) {
    return request == null
        ? agents.login(null, null)
        : agents.login(request.username(), request.password());
  }
}
