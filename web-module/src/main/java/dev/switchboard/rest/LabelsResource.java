package dev.switchboard.rest;

import dev.switchboard.labels.boundary.Labels;
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

@Tag(name = "Labels")
@Path("labels")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LabelsResource {

  @EJB Labels labels;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  /** Every label, for agents. */
  @GET
  @Operation(operationId = "listLabels", summary = "Every label (agents)")
  public List<Labels.LabelView> list() {
    return labels.list(bearer.require(headers));
  }

  /** A supervisor adds a label: 201, 400 for bad fields, 409 for a name in use. */
  @POST
  @Operation(
      operationId = "createLabel",
      summary = "Adds a label (supervisors); 409 for a name in use")
  @APIResponse(
      responseCode = "201",
      description = "The label",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "LabelView")))
  public Response create(Labels.LabelRequest request) {
    var created = labels.create(bearer.require(headers), request);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @PUT
  @Path("{id}")
  @Operation(operationId = "updateLabel", summary = "Renames or recolours a label (supervisors)")
  public Labels.LabelView update(@PathParam("id") String id, Labels.LabelRequest request) {
    return labels.update(bearer.require(headers), id, request);
  }

  /** Removes the label, from every conversation too: 204. */
  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "deleteLabel",
      summary = "Removes a label, from every conversation too (supervisors)")
  @APIResponse(responseCode = "204", description = "Removed")
  public void delete(@PathParam("id") String id) {
    labels.delete(bearer.require(headers), id);
  }
}
