package dev.switchboard.rest;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.realtime.HttpFrames;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The transport for networks that refuse WebSockets: a ticket opens a Server-Sent Events stream
 * ({@code /sse/visitor}, {@code /sse/agent}), and request frames go over HTTP.
 */
@Tag(name = "Frames over HTTP")
@Path("frames")
@Produces(MediaType.APPLICATION_JSON)
public class FramesResource {

  @Inject HttpFrames frames;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  /**
   * Any request frame of the socket's, answered with the reply frame the socket would get (an error
   * frame with the status of its code); 204 for one without a reply ({@code typing}, receipts).
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "sendFrame",
      summary =
          "A request frame over HTTP (clients on an SSE stream), answered with its reply frame")
  @RequestBody(
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(description = "A request frame of the wire contract")))
  @APIResponse(
      responseCode = "200",
      description = "The reply frame",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Frame")))
  @APIResponse(responseCode = "204", description = "A request without a reply")
  public Response frame(String frame) {
    var participant = bearer.require(headers);
    if (frame == null || frame.length() > HttpFrames.MAX_CHARS) {
      throw new ChatException(
          ErrorCode.TOO_LARGE, "a frame is at most " + HttpFrames.MAX_CHARS + " characters");
    }
    var reply = frames.handle(participant, frame);
    if (reply == null) {
      return Response.noContent().build();
    }
    int status =
        reply.error() == null
            ? 200
            : Failures.status(ErrorCode.valueOf(reply.error().code().toUpperCase(Locale.ROOT)));
    var response = Response.status(status).type(MediaType.APPLICATION_JSON).entity(reply.json());
    if (reply.error() != null && reply.error().retryAfter() != null) {
      response.header("Retry-After", reply.error().retryAfter());
    }
    return response.build();
  }
}
