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

@Path("canned-responses")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponsesResource {

  @EJB CannedResponses responses;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  /** The responses of the agent's teams (a supervisor's: all). */
  @GET
  public List<CannedResponses.View> list() {
    return responses.list(bearer.require(headers));
  }

  /** A supervisor adds one: 201, 400 for bad fields, 409 for a shortcut the team has. */
  @POST
  public Response create(CannedResponses.Request request) {
    var created = responses.create(bearer.require(headers), request);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @PUT
  @Path("{id}")
  public CannedResponses.View update(@PathParam("id") String id, CannedResponses.Request request) {
    return responses.update(bearer.require(headers), id, request);
  }

  @DELETE
  @Path("{id}")
  public void delete(@PathParam("id") String id) {
    responses.delete(bearer.require(headers), id);
  }
}
