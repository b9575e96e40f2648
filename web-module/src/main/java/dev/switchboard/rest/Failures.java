package dev.switchboard.rest;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.Json;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure as {@code {"code","message"}} with its HTTP status; never a stack trace. */
@Provider
public class Failures implements ExceptionMapper<Exception> {

  private static final Logger LOG = Logger.getLogger(Failures.class.getName());

  public record Body(String code, String message) {}

  @Override
  public Response toResponse(Exception exception) {
    if (exception instanceof WebApplicationException web
        && !(web instanceof jakarta.ws.rs.NotFoundException)
        && web.getResponse().getStatus() == 404) {
      // JAX-RS answers a query parameter it cannot convert (limit=abc) with 404, as if the path
      // were unknown.
      return Response.status(400)
          .type(MediaType.APPLICATION_JSON)
          .entity(new Body("bad_request", "a query parameter is not of its type (a number?)"))
          .build();
    }
    if (exception instanceof WebApplicationException web) {
      Response r = web.getResponse();
      return Response.status(r.getStatus())
          .type(MediaType.APPLICATION_JSON)
          .entity(new Body(codeFor(r.getStatus()), r.getStatusInfo().getReasonPhrase()))
          .build();
    }
    if (exception instanceof jakarta.ws.rs.ProcessingException) {
      // The body could not be read as the JSON the resource takes.
      return Response.status(400)
          .type(MediaType.APPLICATION_JSON)
          .entity(new Body("bad_request", "the body is not the JSON expected"))
          .build();
    }
    ChatException failure = ChatException.classify(exception);
    if (failure != exception && !(exception.getCause() instanceof ChatException)) {
      LOG.log(Level.WARNING, "request failed: {0}", exception.toString());
    }
    var response =
        Response.status(status(failure))
            .type(MediaType.APPLICATION_JSON)
            .entity(new Body(failure.code().wire(), failure.getMessage()));
    if (failure.retryAfterSeconds() > 0) {
      response.header("Retry-After", failure.retryAfterSeconds());
    }
    return response.build();
  }

  /**
   * The API's error, {@code {code, message}}, as the answer of a servlet or filter outside JAX-RS
   * (which answers through {@link #toResponse}).
   */
  public static void write(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    // The mapper's own body, through the JSON-B instance made once (not a provider looked up anew).
    byte[] json = Json.write(new Body(code, message)).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }

  public static int status(ChatException e) {
    return status(e.code());
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_TYPE -> 415;
      case RATE_LIMITED -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 413 -> "too_large";
      case 415 -> "unsupported_type";
      case 503 -> "unavailable";
      default -> "bad_request";
    };
  }
}
