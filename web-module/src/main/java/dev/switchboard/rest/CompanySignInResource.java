package dev.switchboard.rest;

import dev.switchboard.limits.ClientAddresses;
import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.CompanySignIn;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Company sign-in with OpenID Connect (the console's "Sign in with …"): the browser goes to {@code
 * start}, the provider sends it back to {@code callback}, which sends it on to the console with a
 * ticket (or what went wrong) in the address's fragment, never sent to any server; the console
 * exchanges the ticket for a sign-in.
 */
@Tag(name = "Company sign-in")
@Path("agents/oidc")
@Produces(MediaType.APPLICATION_JSON)
public class CompanySignInResource {

  /** The browser's copy of the state it left with: a callback without it was not started here. */
  static final String COOKIE = "switchboard_oidc";

  public record TicketRequest(String ticket) {}

  @EJB CompanySignIn companySignIn;

  @Context UriInfo uri;

  @Context HttpServletRequest servletRequest;

  @Inject ClientAddresses clientAddresses;

  @GET
  @Operation(
      operationId = "companySignInOptions",
      summary =
          "Whether agents may sign in with the company's OpenID Connect provider, and its name")
  public CompanySignIn.Options options() {
    return companySignIn.options(console());
  }

  @GET
  @Path("start")
  @Operation(
      operationId = "startCompanySignIn",
      summary = "Sends the browser to the company's sign-in page (404 when there is none)")
  @APIResponse(responseCode = "303", description = "To the provider's authorization page")
  public Response start() {
    var start = companySignIn.start(callback(), clientAddresses.limitedOf(servletRequest));
    return redirect(start.authorization(), start.state(), 600);
  }

  @GET
  @Path("callback")
  @Operation(
      operationId = "finishCompanySignIn",
      summary = "Where the provider sends the browser back; on to the console with a ticket")
  @APIResponse(
      responseCode = "303",
      description = "To the console: #signin-ticket=<ticket>, or #signin-error=<what went wrong>")
  public Response callback(
      @QueryParam("state") String state,
      @QueryParam("code") String code,
      @QueryParam("error") String error,
      @CookieParam(COOKIE) String cookieState) {
    String fragment;
    try {
      fragment = "signin-ticket=" + companySignIn.finish(state, cookieState, code, error);
    } catch (RuntimeException failure) { // a refusal, or the database away: said on the page
      fragment =
          "signin-error="
              + URLEncoder.encode(
                  ChatException.classify(failure).getMessage(), StandardCharsets.UTF_8);
    }
    return redirect(console().resolve("#" + fragment), "", 0); // the state is used up
  }

  @POST
  @Path("ticket")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "redeemSignInTicket",
      summary = "The console's ticket, once and within a minute, for the agent's sign-in")
  public Agents.Login redeem(TicketRequest request) {
    return companySignIn.redeem(request == null ? null : request.ticket());
  }

  /** A 303 to {@code to} that sets the state cookie (empty, 0 s: removes it). */
  private Response redirect(URI to, String state, int maxAgeSeconds) {
    return Response.seeOther(to)
        .cookie(
            new NewCookie.Builder(COOKIE)
                .value(state)
                .path(uri.getBaseUri().getPath() + "agents/oidc")
                .maxAge(maxAgeSeconds)
                .httpOnly(true)
                .secure(servletRequest.isSecure())
                .sameSite(NewCookie.SameSite.LAX)
                .build())
        .header("Cache-Control", "no-store")
        .build();
  }

  private URI callback() {
    return uri.getBaseUriBuilder().path("agents/oidc/callback").build();
  }

  /**
   * The console beside the callback ({@code …/api/agents/oidc/callback} → {@code …/console/}),
   * whatever the context root: from the configured callback address when there is one, so that
   * behind a proxy that ends TLS the browser comes back to the public https address.
   */
  private URI console() {
    return companySignIn.callbackAddress(callback()).resolve("../../../console/");
  }
}
