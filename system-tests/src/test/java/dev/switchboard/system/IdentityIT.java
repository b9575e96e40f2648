package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static dev.switchboard.system.WebUiIT.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Intranet visitors identified by a signed identity from the page that embeds the widget: accepted
 * (the same employee is the same visitor on both instances, agents see their name and email), and
 * refused when forged, tampered with or expired; anonymous visitors keep working.
 */
class IdentityIT {

  static String sign(String secret, String subject, String name, String email, Duration expiresIn)
      throws Exception {
    return sign(
        secret,
        new JWTClaimsSet.Builder()
            .subject(subject)
            .claim("name", name)
            .claim("email", email)
            .issuer(TestCluster.IDENTITY_ISSUER)
            .audience(TestCluster.IDENTITY_AUDIENCE)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plus(expiresIn)))
            .build());
  }

  static String sign(String secret, JWTClaimsSet claims) throws Exception {
    var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  static Http.Reply register(URI base, String identity) {
    return Http.post(
        base,
        "/api/visitors",
        Json.createObjectBuilder().add("identity", identity).build().toString());
  }

  /** The visitor the widget in the browser's current frame keeps, or null. */
  static JsonObject storedVisitor(Browser browser) {
    Object stored = browser.script("return localStorage.getItem('switchboard.visitor')");
    return stored == null
        ? null
        : Json.createReader(new java.io.StringReader((String) stored)).readObject();
  }

  @Test
  void aSignedIdentityIsTheSameVisitorEverywhereAndAgentsSeeWhoItIs() throws Exception {
    String subject = "emp-" + UUID.randomUUID();
    String identity =
        sign(
            TestCluster.IDENTITY_SECRET,
            subject,
            "Erika Mustermann",
            "erika@corp.example",
            Duration.ofMinutes(5));
    Http.Reply first = register(TestCluster.a(), identity);
    assertEquals(201, first.status(), first.body());
    // A signed employee's sign-in is short-lived (8 hours by default), unlike an anonymous one's.
    String expires =
        TestCluster.rows(
                "select bool_and(expires_at < now() + interval '8 hours 1 minute')::text from auth_token"
                    + " where principal_id = ?",
                first.json().getString("visitorId"))
            .get(0)
            .get(0);
    assertEquals("true", expires);
    Http.Reply again = register(TestCluster.b(), identity);
    assertEquals(201, again.status(), again.body());
    assertEquals(
        first.json().getString("visitorId"),
        again.json().getString("visitorId"),
        "the same employee");
    assertNotEquals(first.json().getString("token"), again.json().getString("token"));

    try (var visitor =
        ChatClient.authenticated(TestCluster.a(), "/ws/visitor", first.json().getString("token"))) {
      visitor.sendText("s1", null, "my laptop will not boot");
      String conversation =
          visitor.next("ack").getJsonObject("message").getString("conversationId");
      String agent =
          Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      JsonObject summary =
          Http.get(TestCluster.b(), "/api/conversations", agent).any().asJsonArray().stream()
              .map(JsonObject.class::cast)
              .filter(c -> conversation.equals(c.getString("id")))
              .findFirst()
              .orElseThrow();
      assertEquals("Erika Mustermann", summary.getJsonObject("visitor").getString("name"));
      assertEquals("erika@corp.example", summary.getJsonObject("visitor").getString("email"));
    }
  }

  @Test
  void forgedTamperedOrExpiredIdentitiesAreRefused() throws Exception {
    String subject = "emp-" + UUID.randomUUID();
    String forged =
        sign(
            "not-the-intranets-secret-but-long-enough",
            subject,
            "Mallory",
            "m@x.example",
            Duration.ofMinutes(5));
    String expired =
        sign(TestCluster.IDENTITY_SECRET, subject, "Late", "l@x.example", Duration.ofMinutes(-5));
    String valid =
        sign(TestCluster.IDENTITY_SECRET, subject, "Erika", "e@x.example", Duration.ofMinutes(5));
    String[] parts = valid.split("\\.");
    String tampered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    var claims = SignedJWT.parse(valid).getJWTClaimsSet();
    String otherAudience =
        sign(
            TestCluster.IDENTITY_SECRET,
            new JWTClaimsSet.Builder(claims).audience("another-app").build());
    String otherIssuer =
        sign(
            TestCluster.IDENTITY_SECRET,
            new JWTClaimsSet.Builder(claims).issuer("https://evil.example").build());
    String longLived =
        sign(
            TestCluster.IDENTITY_SECRET,
            new JWTClaimsSet.Builder(claims)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(365))))
                .build());
    for (String identity :
        new String[] {
          forged, expired, tampered, "garbage", otherAudience, otherIssuer, longLived
        }) {
      Http.Reply r = register(TestCluster.a(), identity);
      assertEquals(401, r.status(), r.body());
      assertEquals("unauthorized", r.json().getString("code"));
    }
    assertEquals(
        201, Http.post(TestCluster.a(), "/api/visitors", "{}").status(), "anonymous still works");
  }

  /**
   * An intranet page embeds the widget with its employee's identity: no name to type. A page that
   * vouches for nobody, in the same browser (a shared PC), gets a new anonymous visitor, not the
   * employee's conversations.
   */
  @Test
  void anEmbeddingPageIdentifiesItsEmployee() throws Exception {
    String name = "Max Beispiel " + UUID.randomUUID().toString().substring(0, 6);
    String identity =
        sign(
            TestCluster.IDENTITY_SECRET,
            "emp-" + UUID.randomUUID(),
            name,
            "max@corp.example",
            Duration.ofMinutes(10));
    String host =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Intranet</title></head>"
            + "<body><main><h1>Company intranet</h1></main><script src=\""
            + WebUiIT.page(TestCluster.a(), "/embed.js")
            + "\" data-identity=\""
            + identity
            + "\" async></script></body></html>";
    String anonymous = host.replace(" data-identity=\"" + identity + "\"", "");
    try (var intranet = IntranetPage.serving(Map.of("/", host, "/kiosk", anonymous));
        var browser = Browser.open(1280, 800);
        var console = Browser.open(1280, 800)) {
      browser.go(TestCluster.EMBEDDER_ORIGIN + "/");
      browser.find("button[aria-controls=switchboard-panel]").click();
      WebElement frame = browser.find("#switchboard-panel");
      browser.until(d -> frame.isDisplayed());
      browser.driver.switchTo().frame(frame);
      String text = "hello from the intranet " + UUID.randomUUID();
      browser.find("#text");
      write(browser, text);
      WebUiIT.ownBubble(browser, text, "sent", "delivered", "read");

      signIn(console, TestCluster.b(), TestCluster.AGENT);
      console.untilText(".queue-item", name);
      String employee = storedVisitor(browser).getString("visitorId");

      browser.driver.switchTo().defaultContent();
      browser.go(TestCluster.EMBEDDER_ORIGIN + "/kiosk");
      browser.find("button[aria-controls=switchboard-panel]").click();
      WebElement kioskFrame = browser.find("#switchboard-panel");
      browser.until(d -> kioskFrame.isDisplayed());
      browser.driver.switchTo().frame(kioskFrame);
      browser.until(
          d -> {
            JsonObject stored = storedVisitor(browser);
            return stored != null
                && !stored.containsKey("subject")
                && !employee.equals(stored.getString("visitorId"));
          });
      browser.find("#text");
      assertTrue(
          browser.all("#messages li").stream().noneMatch(li -> li.getText().contains(text)),
          "the employee's conversation is not shown");
    }
  }
}
