package dev.switchboard.rest;

import dev.switchboard.messages.boundary.OfflineMessages;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

/** The widget's form while the team is closed: name, address and question. */
@Tag(name = "Offline form")
@Path("offline-messages")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OfflineMessagesResource {

  @EJB OfflineMessages offline;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @POST
  @Operation(
      operationId = "leaveOfflineMessage",
      summary =
          "A visitor leaves a question for a closed team: their conversation in its queue and a mail to the support mailbox")
  @APIResponse(
      responseCode = "201",
      description = "The conversation and the stored message",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Left")))
  public Response leave(OfflineMessages.Form form) {
    var left = offline.leave(bearer.require(headers), form);
    return Response.status(Response.Status.CREATED).entity(left).build();
  }
}
