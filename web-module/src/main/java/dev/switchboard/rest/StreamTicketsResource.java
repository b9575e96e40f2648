package dev.switchboard.rest;

import dev.switchboard.participants.boundary.StreamTickets;
import jakarta.ejb.EJB;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tickets for the Server-Sent Events transport (an EventSource cannot send the token). */
@Tag(name = "Streams")
@Path("stream-tickets")
@Produces(MediaType.APPLICATION_JSON)
public class StreamTicketsResource {

  @EJB StreamTickets tickets;

  @Context HttpHeaders headers;

  @POST
  @Operation(
      operationId = "streamTicket",
      summary =
          "A ticket that opens one SSE stream (GET /sse/visitor or /sse/agent?ticket=…): single-use, valid 30 s")
  @APIResponse(
      responseCode = "201",
      description = "The ticket",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Ticket")))
  public Response ticket() {
    return Response.status(Response.Status.CREATED)
        .entity(tickets.issue(Bearer.token(headers)))
        .build();
  }
}
