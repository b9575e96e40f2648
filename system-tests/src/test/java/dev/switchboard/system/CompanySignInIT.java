package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Company sign-in with OpenID Connect (issue 28) against a real provider ({@link Oidc}): the flow a
 * browser makes, by hand, with its cookies; started on one instance, finished on the other; the
 * groups make the role and the teams; what must be refused is, and says why.
 */
class CompanySignInIT {

  static final int STARTS_PER_ADDRESS = 5;

  /** A browser's part of the flow: its cookies, each redirect looked at before it is followed. */
  static final class Browser {
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(URI uri) {
      try {
        return client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Starts on {@code start}; returns the provider's way back (the callback with its code). */
    URI toProvider(URI start) {
      var started = get(start.resolve("/api/agents/oidc/start"));
      assertEquals(303, started.statusCode(), started.body());
      URI provider = URI.create(started.headers().firstValue("Location").orElseThrow());
      assertTrue(provider.toString().startsWith(TestCluster.OIDC.issuer()), provider.toString());
      assertTrue(provider.getQuery().contains("code_challenge_method=S256"), "PKCE");
      var answered = get(provider);
      assertEquals(302, answered.statusCode(), answered.body());
      return URI.create(answered.headers().firstValue("Location").orElseThrow());
    }

    /** Follows the way back on {@code finish}'s instance: the console's fragment, as a map. */
    Map<String, String> back(URI callback, URI finish) {
      URI onFinish = finish.resolve(callback.getRawPath() + "?" + callback.getRawQuery());
      var done = get(onFinish);
      assertEquals(303, done.statusCode(), done.body());
      URI console = URI.create(done.headers().firstValue("Location").orElseThrow());
      assertEquals("/console/", console.getPath());
      var fragment = new HashMap<String, String>();
      for (String pair : console.getRawFragment().split("&")) {
        int eq = pair.indexOf('=');
        fragment.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return fragment;
    }

    Map<String, String> signIn(URI start, URI finish) {
      return back(toProvider(start), finish);
    }
  }

  static Http.Reply redeem(URI base, String ticket) {
    return Http.post(
        base,
        "/api/agents/oidc/ticket",
        Json.createObjectBuilder().add("ticket", ticket).build().toString());
  }

  private static JsonObject agentNamed(String supervisor, String username) {
    var list = Http.get(TestCluster.a(), "/api/agents", supervisor);
    return Json.createReader(new StringReader(list.body()))
        .readArray()
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(a -> username.equals(a.getString("username")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void anAgentSignsInWithTheCompanyOnEitherInstanceAndFollowsTheirGroups() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    JsonObject options = Http.get(b, "/api/agents/oidc", null).json();
    assertTrue(options.getBoolean("enabled"));
    assertEquals(Oidc.NAME, options.getString("name"));
    assertTrue(
        options.getString("endSession").contains("post_logout_redirect_uri="), options.toString());

    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String username = "erin-" + suffix;
    String subject = "subject-" + suffix;
    TestCluster.OIDC.nextUser(
        subject, username, List.of("support-agents", "support-team-Billing " + suffix), 3600);
    var browser = new Browser();
    Map<String, String> back = browser.signIn(a, b);
    String ticket = back.get("signin-ticket");
    assertNotNull(ticket, back.toString());

    Http.Reply login = redeem(a, ticket);
    assertEquals(200, login.status(), login.body());
    JsonObject signedIn = login.json();
    assertEquals("agent", signedIn.getString("role"));
    assertEquals("Person " + username, signedIn.getString("displayName"));
    String token = signedIn.getString("token");
    assertEquals(200, Http.get(b, "/api/conversations", token).status(), "the token works on B");
    assertEquals(401, redeem(b, ticket).status(), "a ticket is used once");

    String supervisor = AccountsIT.supervisorToken(a);
    JsonObject agent = agentNamed(supervisor, username);
    assertNotNull(agent, "the agent was created");
    assertEquals(username + "@example.com", agent.getString("email"));
    assertTrue(
        Http.get(a, "/api/teams", supervisor).body().contains("Billing " + suffix),
        "the team its group names");
    assertTrue(
        Http.get(a, "/api/audit?limit=50", supervisor)
            .body()
            .contains("from the company sign-in, role agent"));

    // The company makes them a supervisor: the same agent, its role follows at the next sign-in.
    TestCluster.OIDC.nextUser(subject, username, List.of("support-supervisors"), 3600);
    Map<String, String> again = new Browser().signIn(b, a);
    JsonObject promoted = redeem(b, again.get("signin-ticket")).json();
    assertEquals(signedIn.getString("agentId"), promoted.getString("agentId"));
    assertEquals("supervisor", promoted.getString("role"));

    // Signing out ends the token; the provider's own sign-out sends the browser back to the
    // console.
    var out = Http.send(a, "POST", "/api/agents/logout", promoted.getString("token"), null);
    assertEquals(204, out.status(), out.body());
    assertEquals(401, Http.get(b, "/api/conversations", promoted.getString("token")).status());
    var providerOut = browser.get(URI.create(options.getString("endSession")));
    assertEquals(302, providerOut.statusCode(), providerOut.body());
    assertEquals(
        b.resolve("/console/").toString(),
        providerOut.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void whatMustNotSignInIsRefusedWithAReason() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String suffix = UUID.randomUUID().toString().substring(0, 6);

    // In none of the support groups.
    TestCluster.OIDC.nextUser("outsider-" + suffix, "outsider-" + suffix, List.of("staff"), 3600);
    assertEquals(
        "you are in none of the company's support groups",
        new Browser().signIn(a, b).get("signin-error"));
    assertEquals(
        null, agentNamed(AccountsIT.supervisorToken(a), "outsider-" + suffix), "nobody created");

    // An ID token changed on its way (an agent made supervisor), and one already expired.
    TestCluster.OIDC.nextUser(
        "forger-" + suffix, "forger-" + suffix, List.of("support-agents"), 3600);
    TestCluster.OIDC.tamperWithNextToken();
    assertEquals(
        "the company sign-in's ID token is not valid; sign in again",
        new Browser().signIn(b, a).get("signin-error"));
    TestCluster.OIDC.nextUser("late-" + suffix, "late-" + suffix, List.of("support-agents"), -3600);
    assertEquals(
        "the company sign-in's ID token is not valid; sign in again",
        new Browser().signIn(a, a).get("signin-error"));

    // A name a local agent has.
    TestCluster.OIDC.nextUser(
        "alice-elsewhere-" + suffix, TestCluster.AGENT, List.of("support-agents"), 3600);
    assertEquals(
        "the username " + TestCluster.AGENT + " belongs to another agent; ask a supervisor",
        new Browser().signIn(a, b).get("signin-error"));

    // The way back in another browser (no cookie of this sign-in), then twice in this one.
    TestCluster.OIDC.nextUser(
        "twice-" + suffix, "twice-" + suffix, List.of("support-agents"), 3600);
    var browser = new Browser();
    URI callback = browser.toProvider(a);
    assertEquals(
        "this sign-in was not started in this browser; start again from the console",
        new Browser().back(callback, b).get("signin-error"));
    assertNotNull(browser.back(callback, b).get("signin-ticket"), "this browser's sign-in goes on");
    // Its cookie is gone with the first way back: a second one is refused.
    assertEquals(
        "this sign-in was not started in this browser; start again from the console",
        browser.back(callback, a).get("signin-error"));
    // Ten minutes at the provider's page: too late.
    var slow = new Browser();
    URI late = slow.toProvider(b);
    String lateState =
        List.of(late.getRawQuery().split("&")).stream()
            .filter(p -> p.startsWith("state="))
            .findFirst()
            .orElseThrow()
            .substring("state=".length());
    assertEquals(
        1,
        TestCluster.update(
            "update oidc_sign_in set created_at = now() - interval '11 minutes' where state = ?",
            lateState));
    assertEquals(
        "this sign-in has expired or was already used; start again",
        slow.back(late, a).get("signin-error"));

    // The provider's own refusal, and a way back without state.
    var refused = new Browser();
    URI withCode = refused.toProvider(a);
    String state =
        List.of(withCode.getRawQuery().split("&")).stream()
            .filter(p -> p.startsWith("state="))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "the company sign-in refused: access_denied",
        refused
            .back(URI.create(withCode.getPath() + "?" + state + "&error=access_denied"), b)
            .get("signin-error"));
    assertEquals(
        "the company sign-in came back without its state; start again",
        new Browser().back(URI.create("/api/agents/oidc/callback?code=x"), a).get("signin-error"));

    // Tickets nobody was given.
    for (String ticket : List.of("made-up", "x".repeat(5000), "")) {
      var reply = redeem(a, ticket);
      assertEquals(401, reply.status(), reply.body());
      assertEquals("unauthorized", reply.json().getString("code"));
    }
    assertEquals(401, Http.post(b, "/api/agents/oidc/ticket", "{}").status());

    // Starting costs a row: a stranger's address may start only so many.
    String from = LimitsIT.address();
    for (int i = 0; i < STARTS_PER_ADDRESS; i++) {
      assertEquals(303, RawHttp.get(from, a, "/api/agents/oidc/start").status());
    }
    LimitsIT.assertRateLimited(RawHttp.get(from, a, "/api/agents/oidc/start"));
  }
}
