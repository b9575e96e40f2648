package dev.switchboard.rest;

import dev.switchboard.limits.ClientAddresses;
import dev.switchboard.participants.boundary.VisitorExport;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.platform.RateLimit;
import dev.switchboard.platform.RateLimits;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "Visitors")
@Path("visitors")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VisitorsResource {

  /** A nickname and email typed by the visitor, or an {@code identity} signed by the intranet. */
  public record NewVisitor(String nickname, String email, String identity) {}

  @EJB Visitors visitors;

  @EJB VisitorExport export;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @Context HttpServletRequest servletRequest;

  @Inject ClientAddresses clientAddresses;

  @EJB RateLimits limits;

  /** 201 with the new visitor's token; 429 (Retry-After) past the address's visitors an hour. */
  @POST
  @Operation(
      operationId = "registerVisitor",
      summary =
          "A new visitor and their token (anonymous, or an intranet's signed identity); 429 past the address's visitors an hour")
  @APIResponse(
      responseCode = "201",
      description = "The visitor and their token",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Registration")))
  public Response register(NewVisitor request) {
    limits.take(RateLimit.VISITORS_PER_ADDRESS, clientAddresses.limitedOf(servletRequest));
    var registration =
        request == null
            ? visitors.register(null, null)
            : request.identity() != null
                ? visitors.registerSigned(request.identity())
                : visitors.register(request.nickname(), request.email());
    return Response.status(Response.Status.CREATED).entity(registration).build();
  }

  /** A supervisor erases the visitor's data (a GDPR request). */
  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "eraseVisitor",
      summary = "Erases a visitor's data (supervisors; a GDPR request)")
  @APIResponse(responseCode = "204", description = "Erased")
  public Response erase(@PathParam("id") String id) {
    visitors.erase(bearer.require(headers), id);
    return Response.noContent().build();
  }

  /**
   * Everything stored about the visitor as one zip (supervisors; a GDPR access request): checked
   * before the first byte, so a refusal is still a clear error.
   */
  @GET
  @Path("{id}/export")
  @Produces({"application/zip", MediaType.APPLICATION_JSON})
  @Operation(
      operationId = "exportVisitor",
      summary =
          "Everything stored about a visitor as one zip: visitor.json, conversations.json (messages,"
              + " notes, labels, ratings) and files/ (supervisors; audited)")
  @APIResponse(
      responseCode = "200",
      description = "The zip",
      content =
          @Content(
              mediaType = "application/zip",
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  public Response export(@PathParam("id") String id) {
    var supervisor = bearer.require(headers);
    export.require(supervisor, id);
    StreamingOutput zip = out -> export.write(supervisor, id, out);
    return Response.ok(zip, "application/zip")
        .header("Content-Disposition", "attachment; filename=\"visitor-" + id + ".zip\"")
        .header(AttachmentsResource.NOSNIFF, "nosniff")
        .build();
  }
}
