package dev.switchboard.rest;

import dev.switchboard.search.boundary.Search;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "Search")
@Path("search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

  @EJB Search search;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  /** Messages and visitors matching {@code q} in the conversations the agent sees, newest first. */
  @GET
  @Operation(
      operationId = "search",
      summary =
          "Messages and visitors matching q in the conversations the agent sees, newest first")
  public Search.Page search(
      @QueryParam("q") String q,
      @QueryParam("status") String status,
      @QueryParam("teamId") String teamId,
      @QueryParam("label") String label,
      @QueryParam("before") String before,
      @QueryParam("limit") Integer limit) {
    return search.search(
        bearer.require(headers), new Search.Query(q, status, teamId, label, before, limit));
  }
}
