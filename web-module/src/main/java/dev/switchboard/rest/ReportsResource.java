package dev.switchboard.rest;

import dev.switchboard.reports.boundary.Report;
import dev.switchboard.reports.boundary.Reports;
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

/**
 * Supervisors' reports over a period: {@code from} and {@code to} are dates (both included, the
 * last 30 days without them) in {@code timeZone} (UTC without it), of one team or all.
 */
@Tag(name = "Reports")
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

  @EJB Reports reports;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @GET
  @Path("summary")
  @Operation(
      operationId = "reportSummary",
      summary = "A period's figures in all, per team and per agent (supervisors)")
  public Report.Summary summary(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("timeZone") String timeZone,
      @QueryParam("teamId") String teamId) {
    return reports.summary(bearer.require(headers), from, to, timeZone, teamId);
  }

  @GET
  @Path("daily")
  @Operation(
      operationId = "reportDaily",
      summary = "A period's figures day by day, every day included (supervisors)")
  public Report.Daily daily(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("timeZone") String timeZone,
      @QueryParam("teamId") String teamId) {
    return reports.daily(bearer.require(headers), from, to, timeZone, teamId);
  }
}
