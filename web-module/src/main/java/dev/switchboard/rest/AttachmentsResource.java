package dev.switchboard.rest;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.attachments.boundary.Attachments;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Uploads ({@code multipart/form-data}, field {@code file}) and downloads of attachments; the
 * checks and the storage are {@link Attachments}'.
 */
@Tag(name = "Attachments")
@Path("attachments")
public class AttachmentsResource {

  /** Longer than any conversation id or number of milliseconds. */
  static final int FIELD_MAX = 100;

  static final String NOSNIFF = "X-Content-Type-Options";

  @EJB Attachments attachments;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @Context HttpServletRequest request;

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "uploadAttachment",
      summary =
          "Uploads a file (multipart field file) for a conversation; 413 too large, 415 a type not accepted")
  @APIResponse(
      responseCode = "201",
      description = "The attachment, to send in a message",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AttachmentView")))
  public Response upload(@QueryParam("conversationId") String conversationId) throws IOException {
    Participant uploader = bearer.require(headers);
    Part file = part("file");
    if (file == null || file.getSubmittedFileName() == null) {
      throw ChatException.badRequest("the file goes in the multipart field 'file'");
    }
    AttachmentView view =
        attachments.upload(
            uploader,
            conversationId != null ? conversationId : field("conversationId"),
            new Attachments.Upload(
                file.getSubmittedFileName(),
                file.getContentType(),
                durationMs(field("durationMs")),
                file::getInputStream));
    return Response.created(URI.create(view.url())).entity(view).build();
  }

  /**
   * A part of the body, spooled whole and within its limit by {@link
   * dev.switchboard.limits.RequestBodies}.
   */
  private Part part(String name) throws IOException {
    try {
      return request.getPart(name);
    } catch (ServletException | IllegalStateException e) {
      // IllegalStateException: a body not typed as a form, which only the container's own parser
      // (not configured) would read
      throw ChatException.badRequest("the body is not multipart/form-data");
    }
  }

  /** A form field beside the file. */
  private String field(String name) throws IOException {
    Part part = part(name);
    if (part == null) {
      return null;
    }
    try (var in = part.getInputStream()) {
      byte[] value = in.readNBytes(FIELD_MAX + 1);
      if (value.length > FIELD_MAX) {
        throw ChatException.badRequest(name + " is at most " + FIELD_MAX + " bytes");
      }
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private static Integer durationMs(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw ChatException.badRequest("durationMs is a number of milliseconds");
    }
  }

  /**
   * The file, whole or not at all (404): read before the headers go out, so a removal meanwhile
   * cannot cut it short. Images and audio may show inline; anything else, and above all a type that
   * could carry script (SVG, HTML), is only ever a download, sandboxed and never sniffed.
   */
  @GET
  @Path("{id}")
  @Operation(
      operationId = "downloadAttachment",
      summary = "The file, for a participant of its conversation")
  @APIResponse(
      responseCode = "200",
      description = "The file, with its type",
      content =
          @Content(
              mediaType = "*/*",
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  public Response download(@PathParam("id") String id) {
    Attachments.Download download = attachments.open(bearer.require(headers), id);
    AttachmentView view = download.view();
    return Response.ok(download.content(), view.mimeType())
        .header(HttpHeaders.CONTENT_LENGTH, view.size())
        .header(
            "Content-Disposition",
            (download.inline() ? "inline" : "attachment") + "; " + fileName(view.name()))
        .header(NOSNIFF, "nosniff")
        .header("Content-Security-Policy", "sandbox; default-src 'none'")
        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=86400")
        .build();
  }

  @GET
  @Path("{id}/preview")
  @Operation(operationId = "previewAttachment", summary = "An image's preview (a smaller image)")
  @APIResponse(
      responseCode = "200",
      description = "The preview image",
      content =
          @Content(
              mediaType = "*/*",
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  public Response preview(@PathParam("id") String id) {
    Attachments.Preview preview = attachments.preview(bearer.require(headers), id);
    return Response.ok(preview.bytes(), preview.type())
        .header("Content-Disposition", "inline")
        .header(NOSNIFF, "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=86400")
        .build();
  }

  /** RFC 6266: an ASCII fallback and the UTF-8 name. */
  static String fileName(String name) {
    String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
