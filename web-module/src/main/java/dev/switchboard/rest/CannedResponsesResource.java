package dev.switchboard.rest;

import dev.switchboard.teams.boundary.CannedResponses;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

@Tag(name = "Canned responses")
@Path("canned-responses")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponsesResource {

  @EJB CannedResponses responses;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  /** The responses of the agent's teams (a supervisor's: all). */
  @GET
  @Operation(
      operationId = "listCannedResponses",
      summary = "The canned responses of the agent's teams (a supervisor's: all)")
  public List<CannedResponses.View> list() {
    return responses.list(bearer.require(headers));
  }

  /** A supervisor adds one: 201, 400 for bad fields, 409 for a shortcut the team has. */
  @POST
  @Operation(
      operationId = "createCannedResponse",
      summary = "Adds a canned response (supervisors); 409 for a shortcut the team has")
  @APIResponse(
      responseCode = "201",
      description = "The canned response",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "CannedResponse")))
  public Response create(CannedResponses.Request request) {
    var created = responses.create(bearer.require(headers), request);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @PUT
  @Path("{id}")
  @Operation(
      operationId = "updateCannedResponse",
      summary = "Changes a canned response (supervisors)")
  public CannedResponses.View update(@PathParam("id") String id, CannedResponses.Request request) {
    return responses.update(bearer.require(headers), id, request);
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteCannedResponse",
      summary = "Removes a canned response (supervisors)")
  @APIResponse(responseCode = "204", description = "Removed")
  public void delete(@PathParam("id") String id) {
    responses.delete(bearer.require(headers), id);
  }
}
