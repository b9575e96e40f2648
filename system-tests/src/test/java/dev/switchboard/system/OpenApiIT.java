package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * {@code /openapi} describes the HTTP API as it is: every JAX-RS resource method and nothing else,
 * each with its success, its failure body and its token; and real answers of every operation, on
 * both instances, match the schemas it gives them.
 */
class OpenApiIT {

  /** Payara adds a list of the application's endpoints of its own, outside the OpenAPI format. */
  static final String PAYARA_ENDPOINTS = "attribute endpoints is unexpected";

  static final Set<String> PUBLIC =
      Set.of(
          "registerVisitor",
          "login",
          "companySignInOptions",
          "startCompanySignIn",
          "finishCompanySignIn",
          "redeemSignInTicket",
          "pushKey");

  static String document;
  static OpenAPI api;

  @BeforeAll
  static void read() {
    var reply = Http.get(TestCluster.a(), "/openapi", null);
    assertEquals(200, reply.status(), reply.body());
    document = reply.body();
    var parsed = new OpenAPIV3Parser().readContents(document);
    api = parsed.getOpenAPI();
    assertNotNull(api, String.valueOf(parsed.getMessages()));
    assertEquals(
        List.of(),
        parsed.getMessages().stream().filter(m -> !m.equals(PAYARA_ENDPOINTS)).toList(),
        "the document is valid OpenAPI 3.0");
  }

  /** Every operation of the document: "GET /api/agents/{id}" → its operation. */
  static Map<String, Operation> documented() {
    var operations = new TreeMap<String, Operation>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> operations.put(method + " " + path, op)));
    return operations;
  }

  /**
   * Every resource method of the JAX-RS application as "METHOD /api/path", as the JAX-RS runtime
   * itself lists them (Jersey's WADL of the deployed application).
   */
  static Set<String> implemented() throws Exception {
    var reply = Http.get(TestCluster.a(), "/api/application.wadl", null);
    assertEquals(200, reply.status());
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    var wadl =
        factory
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(reply.body())))
            .getDocumentElement();
    var found = new TreeSet<String>();
    for (Element resources : children(wadl, "resources")) {
      for (Element resource : children(resources, "resource")) {
        collect(resource, "/api", found);
      }
    }
    return found;
  }

  private static void collect(Element resource, String parent, Set<String> found) {
    String path = (parent + "/" + resource.getAttribute("path")).replaceAll("/+", "/");
    path = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    for (Element method : children(resource, "method")) {
      found.add(method.getAttribute("name") + " " + path);
    }
    for (Element sub : children(resource, "resource")) {
      collect(sub, path, found);
    }
  }

  private static List<Element> children(Element parent, String name) {
    var out = new java.util.ArrayList<Element>();
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void everyResourceMethodIsDescribedAndNothingElse() throws Exception {
    Set<String> implemented = implemented();
    assertTrue(implemented.size() > 30, "found the resources: " + implemented);
    assertEquals(implemented, documented().keySet());
  }

  @Test
  void everyOperationSaysWhatItAnswersAndWhatItNeeds() {
    var ids = new TreeSet<String>();
    documented()
        .forEach(
            (name, op) -> {
              assertTrue(ids.add(op.getOperationId()), "operationId unique: " + name);
              assertFalse(op.getSummary() == null || op.getSummary().isBlank(), name);
              assertTrue(
                  op.getResponses().keySet().stream()
                      .anyMatch(code -> code.startsWith("2") || code.equals("303")),
                  name + " has a success (the company sign-in's: a redirect)");
              assertEquals(
                  "#/components/schemas/Failure",
                  op.getResponses()
                      .getDefault()
                      .getContent()
                      .get("application/json")
                      .getSchema()
                      .get$ref(),
                  name + " fails with {code, message}");
              boolean needsToken =
                  op.getSecurity() != null
                      && op.getSecurity().stream().anyMatch(r -> r.containsKey("bearer"));
              assertEquals(!PUBLIC.contains(op.getOperationId()), needsToken, name);
            });
    assertEquals("bearer", api.getComponents().getSecuritySchemes().get("bearer").getScheme());
  }

  /**
   * Calls every operation for real, on A and B, and validates each answer (status, type, body)
   * against the document; failures too. Every operation must have been answered with a success.
   */
  @Test
  void realAnswersOfEveryOperationMatchTheirSchemas() throws Exception {
    var calls = new Calls(document);
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = AccountsIT.supervisorToken(a);
    String tag = UUID.randomUUID().toString().substring(0, 8);

    var visitor = calls.json(a, "POST", "/api/visitors", null, "{}", 201);
    String visitorToken =
        Json.createReader(new StringReader(visitor)).readObject().getString("token");
    String visitorId = Calls.field(visitor, "visitorId");
    calls.json(
        b, "POST", "/api/agents/login", null, "{\"username\":\"nobody\",\"password\":\"x\"}", 401);
    calls.json(
        b,
        "POST",
        "/api/agents/login",
        null,
        "{\"username\":\""
            + TestCluster.SUPERVISOR
            + "\",\"password\":\""
            + TestCluster.AGENT_PASSWORD
            + "\"}",
        200);

    String team =
        Calls.field(
            calls.json(
                a,
                "POST",
                "/api/teams",
                supervisor,
                "{\"name\":\"Api " + tag + "\",\"routing\":\"off\"}",
                201),
            "id");
    calls.json(b, "GET", "/api/teams", supervisor, null, 200);
    calls.json(
        b, "PUT", "/api/teams/" + team, supervisor, "{\"name\":\"Api " + tag + " renamed\"}", 200);
    calls.json(b, "PUT", "/api/teams/" + UUID.randomUUID(), supervisor, "{\"name\":\"x\"}", 404);
    calls.json(a, "PUT", "/api/teams/" + team + "/hours", supervisor, BusinessHoursIT.CLOSED, 200);
    calls.json(
        b,
        "PUT",
        "/api/teams/" + team + "/hours",
        supervisor,
        "{\"timeZone\":\"UTC\",\"weekly\":[{\"day\":\"monday\",\"opens\":\"09:00\","
            + "\"closes\":\"12:00\"},{\"day\":\"monday\",\"opens\":\"11:00\",\"closes\":\"13:00\"}]}",
        400);
    calls.json(a, "GET", "/api/teams", visitorToken, null, 200);
    String asker = Calls.field(calls.json(b, "POST", "/api/visitors", null, "{}", 201), "token");
    calls.json(
        b,
        "POST",
        "/api/offline-messages",
        asker,
        "{\"team\":\""
            + team
            + "\",\"name\":\"Ann\",\"email\":\"ann@example.com\",\"text\":\"Hello?\"}",
        201);
    calls.json(a, "POST", "/api/offline-messages", asker, "{\"name\":\"Ann\"}", 400);
    calls.json(b, "DELETE", "/api/teams/" + team + "/hours", supervisor, null, 200);
    calls.json(a, "GET", "/api/push/key", null, null, 200);
    String subscription =
        Calls.field(
            calls.json(
                b,
                "POST",
                "/api/push/subscriptions",
                asker,
                TestCluster.PUSH.subscribe().json(),
                201),
            "id");
    calls.json(
        a, "POST", "/api/push/subscriptions", asker, "{\"endpoint\":\"https://x.example\"}", 400);
    calls.none(a, "DELETE", "/api/push/subscriptions/" + subscription, asker, 204);
    calls.json(b, "POST", "/api/stream-tickets", asker, null, 201);
    calls.json(b, "POST", "/api/stream-tickets", "nonsense", null, 401);
    calls.json(
        a,
        "POST",
        "/api/frames",
        asker,
        "{\"type\":\"history\",\"ref\":\"h\",\"conversationId\":\"" + UUID.randomUUID() + "\"}",
        404);
    calls.json(a, "POST", "/api/frames", asker, "{\"type\":\"ping\",\"ref\":\"p\"}", 200);
    calls.json(b, "DELETE", "/api/push/subscriptions/" + subscription, asker, null, 404);

    String agentName = "api-" + tag;
    String agent =
        Calls.field(
            calls.json(
                a,
                "POST",
                "/api/agents",
                supervisor,
                "{\"username\":\""
                    + agentName
                    + "\",\"password\":\""
                    + RoutingIT.PASSWORD
                    + "\",\"teams\":[\""
                    + team
                    + "\"]}",
                201),
            "id");
    calls.json(a, "GET", "/api/agents", supervisor, null, 200);
    calls.json(a, "GET", "/api/agents", visitorToken, null, 403);
    calls.json(b, "PUT", "/api/agents/" + agent, supervisor, "{\"capacity\":3}", 200);
    calls.json(b, "POST", "/api/agents/" + agent + "/disable", supervisor, null, 200);
    calls.json(a, "POST", "/api/agents/" + agent + "/enable", supervisor, null, 200);
    String agentToken = Http.agentToken(a, agentName, RoutingIT.PASSWORD);

    String label =
        Calls.field(
            calls.json(a, "POST", "/api/labels", supervisor, "{\"name\":\"api " + tag + "\"}", 201),
            "id");
    calls.json(b, "GET", "/api/labels", agentToken, null, 200);
    calls.json(
        b, "PUT", "/api/labels/" + label, supervisor, "{\"name\":\"api " + tag + " 2\"}", 200);

    String canned =
        Calls.field(
            calls.json(
                a,
                "POST",
                "/api/canned-responses",
                supervisor,
                "{\"teamId\":\"" + team + "\",\"shortcut\":\"hi" + tag + "\",\"text\":\"Hello!\"}",
                201),
            "id");
    calls.json(b, "GET", "/api/canned-responses", agentToken, null, 200);
    calls.json(
        b,
        "PUT",
        "/api/canned-responses/" + canned,
        supervisor,
        "{\"teamId\":\"" + team + "\",\"shortcut\":\"hey" + tag + "\",\"text\":\"Hello there!\"}",
        200);
    calls.none(a, "DELETE", "/api/canned-responses/" + canned, supervisor, 204);

    String hook =
        Calls.field(
            calls.json(
                a,
                "POST",
                "/api/webhooks",
                supervisor,
                "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"conversation.resolved\"],"
                    + "\"secret\":\"0123456789abcdef\"}",
                201),
            "id");
    calls.json(b, "GET", "/api/webhooks", supervisor, null, 200);
    String failure = UUID.randomUUID().toString();
    TestCluster.update(
        "insert into webhook_failure (id, webhook_id, event, payload, attempts, last_error,"
            + " failed_at) values (?, ?, 'conversation.resolved', '{}', 3, 'answered 500', now())",
        failure,
        hook);
    calls.json(b, "GET", "/api/webhooks/failures", supervisor, null, 200);
    calls.none(a, "POST", "/api/webhooks/failures/" + failure + "/retry", supervisor, 204);
    calls.none(a, "DELETE", "/api/webhooks/" + hook, supervisor, 204);

    String conversation;
    String message;
    try (var client = ChatClient.authenticated(a, "/ws/visitor", visitorToken)) {
      client.send(
          "send",
          "clientId",
          "api-1",
          "text",
          "where is parcel " + tag + "?",
          "team",
          "Api " + tag + " renamed");
      var ack = client.next("ack", f -> "api-1".equals(f.getString("clientId")));
      assertNotNull(ack);
      conversation = conversationOf(ack);
      message = ack.getJsonObject("message").getString("id");
    }
    calls.json(b, "GET", "/api/conversations", agentToken, null, 200);
    calls.json(b, "GET", "/api/conversations/" + conversation, agentToken, null, 200);
    calls.json(a, "GET", "/api/conversations/" + UUID.randomUUID(), agentToken, null, 404);
    calls.json(
        a,
        "PUT",
        "/api/conversations/" + conversation + "/labels",
        agentToken,
        "[\"" + label + "\"]",
        200);
    calls.json(
        b,
        "POST",
        "/api/conversations/" + conversation + "/colleagues",
        supervisor,
        "{\"agentId\":\"" + agent + "\"}",
        200);
    calls.none(
        b, "DELETE", "/api/conversations/" + conversation + "/colleagues/me", agentToken, 204);
    calls.json(
        a, "GET", "/api/conversations/" + conversation + "/messages", visitorToken, null, 200);
    calls.json(
        a,
        "GET",
        "/api/conversations/" + conversation + "/messages?limit=abc",
        visitorToken,
        null,
        400);
    calls.json(b, "GET", "/api/search?q=" + tag, supervisor, null, 200);
    calls.json(
        a,
        "PATCH",
        "/api/conversations/" + conversation + "/messages/" + message,
        visitorToken,
        "{\"text\":\"where is parcel " + tag + " now?\"}",
        200);

    var upload =
        AttachmentsIT.upload(
            b,
            visitorToken,
            conversation,
            "map.png",
            "image/png",
            AttachmentsIT.png(400, 300),
            false);
    calls.validate(
        "POST", "/api/attachments", upload.status(), "application/json", upload.body(), 201);
    String attachment = Calls.field(upload.body(), "id");
    try (var client = ChatClient.authenticated(b, "/ws/visitor", visitorToken)) {
      client.send(
          "send", "clientId", "api-2", "attachmentId", attachment, "conversationId", conversation);
      assertNotNull(client.next("ack", f -> "api-2".equals(f.getString("clientId"))));
    }
    calls.binary(a, "/api/attachments/" + attachment, visitorToken, 200);
    calls.binary(b, "/api/attachments/" + attachment + "/preview", supervisor, 200);
    calls.binary(b, "/api/attachments/" + UUID.randomUUID(), supervisor, 404);

    calls.json(
        a,
        "DELETE",
        "/api/conversations/" + conversation + "/messages/" + message,
        visitorToken,
        null,
        200);
    calls.none(a, "DELETE", "/api/labels/" + label, supervisor, 204);
    calls.json(b, "GET", "/api/audit?limit=20", supervisor, null, 200);
    calls.json(a, "GET", "/api/agents/oidc", null, null, 200);
    calls.json(b, "GET", "/api/agents/oidc/start", null, null, 303);
    calls.json(a, "GET", "/api/agents/oidc/callback?state=unknown&code=x", null, null, 303);
    TestCluster.OIDC.nextUser(
        "api-" + tag, "api-oidc-" + tag, java.util.List.of("support-agents"), 3600);
    String ticket = new CompanySignInIT.Browser().signIn(a, b).get("signin-ticket");
    calls.json(b, "POST", "/api/agents/oidc/ticket", null, "{\"ticket\":\"" + ticket + "\"}", 200);
    calls.json(a, "POST", "/api/agents/oidc/ticket", null, "{\"ticket\":\"" + ticket + "\"}", 401);
    calls.json(a, "GET", "/api/reports/summary", supervisor, null, 200);
    calls.json(b, "GET", "/api/reports/daily?from=2026-01-01&to=2026-01-02", supervisor, null, 200);
    calls.json(a, "GET", "/api/reports/daily?from=2026-01-02&to=2026-01-01", supervisor, null, 400);
    calls.json(b, "GET", "/api/reports/summary", agentToken, null, 403);
    calls.none(
        a,
        "POST",
        "/api/agents/me/password",
        agentToken,
        "{\"current\":\""
            + RoutingIT.PASSWORD
            + "\",\"password\":\""
            + RoutingIT.PASSWORD
            + "-2\"}",
        204);
    calls.none(
        b,
        "POST",
        "/api/agents/logout",
        Http.agentToken(b, agentName, RoutingIT.PASSWORD + "-2"),
        204);
    calls.binary(b, "/api/visitors/" + visitorId + "/export", supervisor, 200);
    calls.binary(a, "/api/visitors/" + visitorId + "/export", agentToken, 403);
    calls.none(b, "DELETE", "/api/visitors/" + visitorId, supervisor, 204);
    calls.json(
        b, "GET", "/api/conversations/" + conversation + "/messages", visitorToken, null, 401);

    var unanswered = new TreeSet<>(documented().keySet());
    unanswered.removeAll(calls.succeeded);
    assertEquals(Set.of(), unanswered, "operations never answered with a success here");
  }

  /** Calls the API and validates each answer against the document. */
  static final class Calls {
    final OpenApiInteractionValidator validator;
    final Set<String> succeeded = new TreeSet<>();

    Calls(String document) {
      // Payara's own top-level list of endpoints is not OpenAPI: the validator would refuse it.
      this.validator =
          OpenApiInteractionValidator.createForInlineApiSpecification(
                  document.replaceAll("(?ms)^endpoints:\\n(?:[ -].*?\\n)*", ""))
              .build();
    }

    static String field(String json, String name) {
      return Json.createReader(new StringReader(json)).readObject().getString(name);
    }

    /** A call answered with JSON (or nothing, for 204), validated; returns the body. */
    String json(URI base, String method, String path, String token, String body, int expected) {
      var reply = Http.send(base, method, path, token, body);
      String type =
          reply.headers() == null ? null : reply.headers().firstValue("Content-Type").orElse(null);
      validate(method, path, reply.status(), type, reply.body(), expected);
      return reply.body();
    }

    void none(URI base, String method, String path, String token, int expected) {
      json(base, method, path, token, null, expected);
    }

    void none(URI base, String method, String path, String token, String body, int expected) {
      json(base, method, path, token, body, expected);
    }

    void binary(URI base, String path, String token, int expected) throws Exception {
      var download = AttachmentsIT.get(base, path, token);
      var response = download.response();
      String type = response.headers().firstValue("Content-Type").orElse(null);
      validate("GET", path, response.statusCode(), type, response.body(), expected);
    }

    void validate(String method, String path, int status, String type, String body, int expected) {
      validate(method, path, status, type, body == null ? null : body.getBytes(UTF_8), expected);
    }

    void validate(String method, String path, int status, String type, byte[] body, int expected) {
      String text = body == null ? "" : new String(body, UTF_8);
      assertEquals(expected, status, method + " " + path + ": " + text);
      String bare = path.replaceAll("\\?.*", "");
      var response = SimpleResponse.Builder.status(status);
      if (type != null) {
        response.withContentType(type);
      }
      if (body != null && body.length > 0) {
        response.withBody(body);
      }
      var report =
          validator.validateResponse(bare, Request.Method.valueOf(method), response.build());
      assertFalse(
          report.hasErrors(),
          method
              + " "
              + path
              + " → "
              + status
              + " "
              + type
              + ": "
              + report
              + "\n"
              + text.length()
              + " characters: "
              + (type != null && type.contains("json") ? text : "(binary)"));
      if (status < 400) { // a redirect is the company sign-in's success
        succeeded.add(method + " " + template(bare));
      }
    }

    /** The document's path for a concrete one. */
    static String template(String path) {
      return documented().keySet().stream()
          .map(k -> k.substring(k.indexOf(' ') + 1))
          .filter(t -> path.matches(t.replaceAll("\\{[^/]+}", "[^/]+")))
          .min(
              (x, y) ->
                  Long.compare(
                      x.chars().filter(c -> c == '{').count(),
                      y.chars().filter(c -> c == '{').count()))
          .orElse(path);
    }
  }
}
