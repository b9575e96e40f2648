package dev.switchboard.rest;

import dev.switchboard.platform.ChatException;
import dev.switchboard.teams.boundary.Teams;
import dev.switchboard.teams.entity.OpeningHours;
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

@Tag(name = "Teams")
@Path("teams")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TeamsResource {

  @EJB Teams teams;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  /** Every team: visitors get ids and names (to choose one), agents routing and members too. */
  @GET
  @Operation(
      operationId = "listTeams",
      summary = "Every team: visitors get ids and names, agents routing and members too")
  public List<Teams.TeamView> list() {
    return teams.list(bearer.require(headers));
  }

  /** A supervisor adds a team: 201, 400 for bad fields, 409 for a name in use. */
  @POST
  @Operation(
      operationId = "createTeam",
      summary = "Adds a team (supervisors); 409 for a name in use")
  @APIResponse(
      responseCode = "201",
      description = "The team",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "TeamView")))
  public Response create(Teams.TeamRequest request) {
    var created = teams.create(bearer.require(headers), request);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  /** A supervisor renames a team or changes its routing. */
  @PUT
  @Path("{id}")
  @Operation(
      operationId = "updateTeam",
      summary = "Renames a team or changes its routing (supervisors)")
  public Teams.TeamView update(@PathParam("id") String id, Teams.TeamRequest request) {
    return teams.update(bearer.require(headers), id, request);
  }

  /**
   * A supervisor sets when the team answers: its time zone, weekly openings and holidays; 400 for
   * hours that overlap or do not parse.
   */
  @PUT
  @Path("{id}/hours")
  @Operation(
      operationId = "setTeamHours",
      summary = "Sets a team's time zone, weekly opening hours and holidays (supervisors)")
  public Teams.TeamView setHours(@PathParam("id") String id, OpeningHours.Hours hours) {
    if (hours == null) {
      throw ChatException.badRequest("give timeZone, weekly and holidays");
    }
    return teams.setHours(bearer.require(headers), id, hours);
  }

  /** A supervisor opens the team around the clock again. */
  @DELETE
  @Path("{id}/hours")
  @Operation(
      operationId = "clearTeamHours",
      summary = "Opens a team around the clock: no hours, no holidays (supervisors)")
  public Teams.TeamView clearHours(@PathParam("id") String id) {
    return teams.setHours(bearer.require(headers), id, null);
  }
}
