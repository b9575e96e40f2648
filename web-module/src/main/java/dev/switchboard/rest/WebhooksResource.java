package dev.switchboard.rest;

import dev.switchboard.webhooks.boundary.Webhooks;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Supervisors' webhooks (see {@link Webhooks} and the README's "Webhooks"). */
@Tag(name = "Webhooks")
@Path("webhooks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

  @EJB Webhooks webhooks;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @POST
  @Operation(
      operationId = "createWebhook",
      summary =
          "Registers an endpoint for conversation.created, conversation.assigned,"
              + " conversation.resolved and/or message.created, with the secret its deliveries are"
              + " signed with (supervisors)")
  @APIResponse(
      responseCode = "201",
      description = "The webhook (its secret is not shown again)",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookView")))
  public Response create(Webhooks.WebhookRequest request) {
    var created = webhooks.create(bearer.require(headers), request);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @GET
  @Operation(operationId = "listWebhooks", summary = "Every webhook (supervisors)")
  public List<Webhooks.WebhookView> list() {
    return webhooks.list(bearer.require(headers));
  }

  @DELETE
  @Path("{id}")
  @Operation(operationId = "deleteWebhook", summary = "Removes a webhook (supervisors)")
  @APIResponse(responseCode = "204", description = "Removed")
  public void delete(@PathParam("id") String id) {
    webhooks.delete(bearer.require(headers), id);
  }

  @GET
  @Path("failures")
  @Operation(
      operationId = "listWebhookFailures",
      summary = "Deliveries that failed every attempt, newest first (supervisors)")
  public List<Webhooks.FailureView> failures() {
    return webhooks.failures(bearer.require(headers));
  }

  @POST
  @Path("failures/{id}/retry")
  @Operation(
      operationId = "retryWebhookDelivery",
      summary = "Delivers a failed delivery again, same id and body (supervisors)")
  @APIResponse(responseCode = "204", description = "Queued again")
  public void retry(@PathParam("id") String id) {
    webhooks.retry(bearer.require(headers), id);
  }
}
