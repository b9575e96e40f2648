package dev.switchboard.rest;

import dev.switchboard.limits.ClientAddresses;
import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.boundary.SignIns;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "Agents")
@Path("agents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

  public record LoginRequest(String username, String password) {}

  public record PasswordChange(String current, String password) {}

  @EJB Agents agents;

  @EJB Credentials credentials;

  @EJB SignIns signIns;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @Context HttpServletRequest servletRequest;

  @Inject ClientAddresses clientAddresses;

  /** Every agent; supervisors only. */
  @GET
  @Operation(operationId = "listAgents", summary = "Every agent (supervisors)")
  public List<Agents.AgentView> list() {
    return agents.list(bearer.require(headers));
  }

  /** A supervisor adds an agent: 201, 400 for bad fields, 409 for a username in use. */
  @POST
  @Operation(
      operationId = "createAgent",
      summary = "Adds an agent (supervisors); 409 for a username in use")
  @APIResponse(
      responseCode = "201",
      description = "The agent",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AgentView")))
  public Response create(Agents.NewAgent request) {
    var created = agents.create(bearer.require(headers), request);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  /** A supervisor changes an agent's role, capacity or teams (fields left out stay). */
  @PUT
  @Path("{id}")
  @Operation(
      operationId = "updateAgent",
      summary = "Changes an agent's role, capacity or teams (supervisors); fields left out stay")
  public Agents.AgentView update(@PathParam("id") String id, Agents.AgentChange change) {
    return agents.update(bearer.require(headers), id, change);
  }

  /** Disabling signs the agent out on every instance; they cannot sign in until enabled. */
  @POST
  @Path("{id}/disable")
  @Operation(
      operationId = "disableAgent",
      summary = "Disables an agent, signing them out on every instance (supervisors)")
  public Agents.AgentView disable(@PathParam("id") String id) {
    return agents.setDisabled(bearer.require(headers), id, true);
  }

  @POST
  @Path("{id}/enable")
  @Operation(operationId = "enableAgent", summary = "Enables an agent again (supervisors)")
  public Agents.AgentView enable(@PathParam("id") String id) {
    return agents.setDisabled(bearer.require(headers), id, false);
  }

  /**
   * An agent changes their own password: 204; 403 for a wrong current one, 400 for a weak new one,
   * 409 for a directory agent. Their other sign-ins end.
   */
  @POST
  @Path("me/password")
  @Operation(
      operationId = "changePassword",
      summary =
          "Changes the caller's own password; 403 for a wrong current one, their other sign-ins end")
  @APIResponse(responseCode = "204", description = "Changed")
  public void changePassword(PasswordChange change) {
    if (change == null) {
      throw ChatException.badRequest("give the current password and the new one");
    }
    signIns.changePassword(
        bearer.require(headers),
        Bearer.token(headers),
        change.current(),
        change.password(),
        clientAddresses.limitedOf(servletRequest));
  }

  /** Signs this token out everywhere: 204, or 401 for a token that is not a valid agent token. */
  @POST
  @Path("logout")
  @Operation(operationId = "logout", summary = "Signs this token out everywhere")
  @APIResponse(responseCode = "204", description = "Signed out")
  public void logout() {
    if (!credentials.revoke(Bearer.token(headers))) {
      throw ChatException.unauthorized("unknown or expired token");
    }
  }

  /** 200 with the sign-in; 401 for wrong credentials, 429 (Retry-After) after too many. */
  @POST
  @Path("login")
  @Operation(
      operationId = "login",
      summary =
          "Signs an agent in (password or the directory); 401 for wrong credentials, 429 after too many")
  public Agents.Login login(LoginRequest request) {
    String address = clientAddresses.limitedOf(servletRequest);
    return request == null
        ? signIns.signIn(null, null, address)
        : signIns.signIn(request.username(), request.password(), address);
  }
}
