package dev.switchboard.participants.boundary;

import dev.switchboard.participants.control.OpenIdProvider;
import dev.switchboard.participants.control.SignInAttempts;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.RateLimit;
import dev.switchboard.platform.RateLimits;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Agents sign in through the company's OpenID Connect provider: {@link #start} sends the browser
 * there, {@link #finish} takes it back (on any instance) and hands the console a ticket that {@link
 * #redeem} exchanges once for a sign-in, so no token ever travels in an address. Outside any
 * transaction: the provider is asked between the steps that each have their own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CompanySignIn {

  /**
   * What the console shows: whether there is a company sign-in and its name; {@code endSession},
   * where a signed-out browser ends its session at the provider too (when it has such a page).
   */
  @Schema(name = "CompanySignInOptions")
  public record Options(boolean enabled, String name, String endSession) {}

  @Inject OpenIdProvider provider;

  @EJB SignInAttempts attempts;

  @EJB Agents agents;

  @EJB RateLimits limits;

  /** {@code console}: where the provider sends the browser after its own sign-out. */
  public Options options(URI console) {
    if (!provider.isConfigured()) {
      return new Options(false, null, null);
    }
    URI endSession;
    try {
      endSession = provider.endSession(console);
    } catch (ChatException unreachable) {
      endSession = null; // the button still shows; signing in says what is wrong
    }
    return new Options(true, provider.name(), endSession == null ? null : endSession.toString());
  }

  /**
   * Where the provider sends the browser back: the configured address, else {@code fromRequest}.
   */
  public URI callbackAddress(URI fromRequest) {
    return provider.redirect(fromRequest);
  }

  /** The provider's address to send the browser to, and the state its cookie must hold. */
  public OpenIdProvider.Start start(URI callback, String address) {
    if (!provider.isConfigured()) {
      throw ChatException.notFound("company sign-in is not configured here");
    }
    limits.take(RateLimit.COMPANY_SIGN_INS_PER_ADDRESS, address);
    URI redirect = provider.redirect(callback);
    OpenIdProvider.Start start = provider.start(redirect);
    attempts.started(start, redirect.toString());
    return start;
  }

  /**
   * The provider's answer: {@code state} must be the one this browser's cookie holds and a sign-in
   * still under way; then the code is exchanged and the ID token checked, and the agent its groups
   * make is signed in with a ticket. {@code error} is the provider's own refusal.
   */
  public String finish(String state, String cookieState, String code, String error) {
    if (state == null || state.isBlank() || state.length() > 100) {
      throw ChatException.badRequest(
          "the company sign-in came back without its state; start again");
    }
    if (!state.equals(cookieState)) {
      throw ChatException.badRequest(
          "this sign-in was not started in this browser; start again from the console");
    }
    var started =
        attempts
            .take(state)
            .orElseThrow(
                () ->
                    ChatException.badRequest(
                        "this sign-in has expired or was already used; start again"));
    if (error != null) {
      throw ChatException.unauthorized(
          "the company sign-in refused: "
              + (error.length() > 100 ? error.substring(0, 100) : error));
    }
    if (code == null || code.isBlank() || code.length() > 2000) {
      throw ChatException.badRequest("the company sign-in came back without a code; start again");
    }
    var identity =
        provider.finish(
            code, started.verifier(), URI.create(started.redirectUri()), started.nonce());
    return attempts.ticket(agents.fromOpenId(identity, provider.groups()));
  }

  /** A ticket from {@link #finish}, once and within a minute: the agent's sign-in. */
  public Agents.Login redeem(String ticket) {
    if (ticket == null || ticket.length() > 100) {
      throw ChatException.unauthorized("this sign-in ticket is unknown, used or expired");
    }
    return agents.signInAs(
        attempts
            .redeem(ticket)
            .orElseThrow(
                () ->
                    ChatException.unauthorized("this sign-in ticket is unknown, used or expired")));
  }
}
