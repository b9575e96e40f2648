package dev.switchboard.rest;

import dev.switchboard.notifications.boundary.PushSubscriptions;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Web Push: the server's key, and browsers' subscriptions of visitors and agents. */
@Tag(name = "Web Push")
@Path("push")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PushResource {

  @EJB PushSubscriptions subscriptions;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @GET
  @Path("key")
  @Operation(
      operationId = "pushKey",
      summary = "The key browsers subscribe with (applicationServerKey); 404 while push is off")
  public PushSubscriptions.PublicKey key() {
    return subscriptions.publicKey();
  }

  @POST
  @Path("subscriptions")
  @Operation(
      operationId = "subscribePush",
      summary = "Stores the browser's push subscription for the caller (visitor or agent)")
  @APIResponse(
      responseCode = "201",
      description = "Its id, to remove it with",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Subscribed")))
  public Response subscribe(PushSubscriptions.Subscription subscription) {
    var subscribed = subscriptions.subscribe(bearer.require(headers), subscription);
    return Response.status(Response.Status.CREATED).entity(subscribed).build();
  }

  @DELETE
  @Path("subscriptions/{id}")
  @Operation(operationId = "unsubscribePush", summary = "Removes one of the caller's subscriptions")
  @APIResponse(responseCode = "204", description = "Removed")
  public void unsubscribe(@PathParam("id") String id) {
    subscriptions.unsubscribe(bearer.require(headers), id);
  }
}
