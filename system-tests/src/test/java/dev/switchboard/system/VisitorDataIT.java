package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * A visitor's data: exported whole by a supervisor on either instance, and removed by the nightly
 * retention run (one instance runs it) once resolved longer ago than the retention allows.
 */
class VisitorDataIT {

  record Chat(String visitorToken, String visitorId, String conversation, String attachment) {}

  /** A visitor on A with a message and a file, and a note and a label from agents. */
  static Chat chat(String supervisor, byte[] file) throws Exception {
    URI a = TestCluster.a();
    var visitor =
        Http.post(a, "/api/visitors", "{\"nickname\":\"Ada\",\"email\":\"ada@example.com\"}");
    assertEquals(201, visitor.status(), visitor.body());
    String token = visitor.json().getString("token");
    String conversation;
    String attachment;
    try (var client = ChatClient.authenticated(a, "/ws/visitor", token)) {
      client.send("send", "clientId", "d1", "text", "My order 4711 never came");
      conversation = conversationOf(client.next("ack", f -> "d1".equals(f.getString("clientId"))));
      var upload =
          AttachmentsIT.upload(a, token, conversation, "receipt.png", "image/png", file, false);
      assertEquals(201, upload.status(), upload.body());
      attachment = upload.json().getString("id");
      client.send(
          "send", "clientId", "d2", "attachmentId", attachment, "conversationId", conversation);
      assertNotNull(client.next("ack", f -> "d2".equals(f.getString("clientId"))));
    }
    try (var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", supervisor)) {
      agent.send(
          "note", "conversationId", conversation, "clientId", "n1", "text", "Call the carrier");
      assertNotNull(agent.next("ack", f -> "n1".equals(f.getString("clientId"))));
    }
    return new Chat(token, visitor.json().getString("visitorId"), conversation, attachment);
  }

  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    var entries = new HashMap<String, byte[]>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void aSupervisorExportsEverythingStoredAboutAVisitorFromEitherInstance() throws Exception {
    String supervisor = AccountsIT.supervisorToken(TestCluster.a());
    byte[] png = AttachmentsIT.png(120, 80);
    Chat chat = chat(supervisor, png);

    var download =
        AttachmentsIT.get(
            TestCluster.b(), "/api/visitors/" + chat.visitorId() + "/export", supervisor);
    assertEquals(200, download.status());
    assertEquals("application/zip", download.header("Content-Type"));
    assertTrue(download.header("Content-Disposition").startsWith("attachment;"));
    Map<String, byte[]> zip = unzip(download.response().body());

    JsonObject visitor = json(zip.get("visitor.json")).asJsonObject();
    assertEquals(chat.visitorId(), visitor.getString("id"));
    assertEquals("ada@example.com", visitor.getString("email"));
    assertEquals("Ada", visitor.getString("nickname"));

    JsonArray conversations = json(zip.get("conversations.json")).asJsonArray();
    assertEquals(1, conversations.size());
    JsonObject conversation = conversations.getJsonObject(0);
    assertEquals(chat.conversation(), conversation.getString("id"));
    List<String> texts =
        conversation.getJsonArray("messages").stream()
            .map(JsonValue::asJsonObject)
            .map(m -> m.getString("text", m.getString("file", "")))
            .toList();
    assertTrue(texts.contains("My order 4711 never came"), texts.toString());
    assertTrue(texts.contains("Call the carrier"), "an internal note is data about them too");
    String file = "files/" + chat.attachment() + "/receipt.png";
    assertTrue(texts.contains(file), texts.toString());
    assertArrayEquals(png, zip.get(file), "the file, whole");

    var audit = Http.get(TestCluster.a(), "/api/audit?limit=20", supervisor);
    assertTrue(
        audit.body().contains("visitor.exported") && audit.body().contains(chat.visitorId()),
        audit.body());
  }

  @Test
  void anExportIsRefusedClearlyToAgentsAndForUnknownVisitors() throws Exception {
    String supervisor = AccountsIT.supervisorToken(TestCluster.a());
    String visitorId = Http.newVisitor(TestCluster.a()).getString("visitorId");
    String agent = Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    var refused = Http.get(TestCluster.a(), "/api/visitors/" + visitorId + "/export", agent);
    assertEquals(403, refused.status(), refused.body());
    assertEquals("forbidden", refused.json().getString("code"));
    var unknown =
        Http.get(TestCluster.b(), "/api/visitors/" + UUID.randomUUID() + "/export", supervisor);
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("not_found", unknown.json().getString("code"));
    assertEquals(
        401, Http.get(TestCluster.b(), "/api/visitors/" + visitorId + "/export", null).status());
  }

  /**
   * The cluster keeps resolved conversations {@link TestCluster#RETENTION_DAYS}: one resolved
   * longer ago goes with its messages and files; one resolved lately, and one still open however
   * old, stay. One instance runs each night's removal and records it in the audit log.
   */
  @Test
  void theNightlyRunRemovesOldResolvedConversationsWithTheirFilesOnce() throws Exception {
    String supervisor = AccountsIT.supervisorToken(TestCluster.a());
    Chat old = chat(supervisor, AttachmentsIT.png(40, 40));
    Chat recent = chat(supervisor, AttachmentsIT.png(40, 40));
    Chat open = chat(supervisor, AttachmentsIT.png(40, 40));
    try (var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", supervisor)) {
      for (Chat c : List.of(old, recent)) {
        agent.send("resolve", "ref", "r-" + c.conversation(), "conversationId", c.conversation());
        assertNotNull(
            agent.next(
                "conversation", f -> ("r-" + c.conversation()).equals(f.getString("ref", null))));
      }
    }
    int days = TestCluster.RETENTION_DAYS;
    TestCluster.update(
        "update conversation set resolved_at = now() - make_interval(days => ?), created_at = now()"
            + " - make_interval(days => ?) where id = ?",
        days + 1,
        days + 5,
        old.conversation());
    TestCluster.update(
        "update conversation set created_at = now() - make_interval(days => ?) where id = ?",
        days + 5,
        open.conversation());
    int runsBefore = runs();
    // As if the night had come: today's run is not taken yet.
    TestCluster.update(
        "update maintenance_run set last_run = current_date - 1 where job = 'retention'");

    Poll.await(
        "the old conversation removed",
        Duration.ofSeconds(30),
        () -> !exists("conversation", "id", old.conversation()));
    assertTrue(!exists("message", "conversation_id", old.conversation()), "with its messages");
    assertTrue(!exists("attachment", "id", old.attachment()), "and its files");
    assertTrue(!exists("attachment_chunk", "attachment_id", old.attachment()));
    assertEquals(
        404,
        Http.get(TestCluster.b(), "/api/conversations/" + old.conversation(), supervisor).status());
    for (Chat kept : List.of(recent, open)) {
      assertTrue(exists("conversation", "id", kept.conversation()));
      assertTrue(exists("attachment", "id", kept.attachment()));
    }
    // The run is recorded once: the other instance found the night taken.
    Poll.until(Duration.ofSeconds(30), VisitorDataIT::runs, n -> n != runsBefore);
    Poll.stays("runs", Duration.ofSeconds(3), VisitorDataIT::runs, runsBefore + 1);
  }

  private static int runs() {
    return Integer.parseInt(
        TestCluster.rows("select count(*) from audit_log where action = 'retention.removed'")
            .get(0)
            .get(0));
  }

  private static boolean exists(String table, String column, String id) {
    return !TestCluster.rows("select 1 from " + table + " where " + column + " = ?", id).isEmpty();
  }

  private static JsonValue json(byte[] bytes) {
    assertNotNull(bytes);
    try (var reader =
        Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
      return reader.readValue();
    }
  }
}
