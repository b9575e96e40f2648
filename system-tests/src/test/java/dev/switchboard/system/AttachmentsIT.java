package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Attachments over two instances: uploaded on one, sent, received and downloaded on the other;
 * refused (with nothing stored) when too large, of a forbidden type or lying about it; never
 * readable outside their conversation; SVG never inline; unsent uploads swept; erased with their
 * visitor.
 */
class AttachmentsIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final long MAX = 10L * 1024 * 1024;

  record Download(int status, HttpResponse<byte[]> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  @Test
  void uploadedOnOneInstanceSentAndDownloadedOnTheOther() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String visitorToken = Http.newVisitor(a).getString("token");
    byte[] png = png(1600, 900);
    JsonObject upload =
        upload(a, visitorToken, null, "screen shot.png", "image/png", png, false).json();
    assertEquals("image/png", upload.getString("mimeType"));
    assertEquals(png.length, upload.getJsonNumber("size").longValue());
    assertEquals("screen shot.png", upload.getString("name"));
    String id = upload.getString("id");

    String agentToken = Http.agentToken(b, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var visitor = ChatClient.authenticated(a, "/ws/visitor", visitorToken);
        var agent = ChatClient.authenticated(b, "/ws/agent", agentToken)) {
      assertEquals(
          403,
          get(b, upload.getString("url"), agentToken).status(),
          "not readable by others before it is sent");
      visitor.send("send", "clientId", "c1", "attachmentId", id, "text", "see this", "ref", "r1");
      JsonObject ack = visitor.next("ack");
      assertNotNull(ack, "acked");
      assertEquals("image", ack.getJsonObject("message").getString("kind"));

      JsonObject received =
          agent.next("message", f -> f.getJsonObject("message").getString("clientId").equals("c1"));
      assertNotNull(received, "the agent on the other instance gets it");
      JsonObject message = received.getJsonObject("message");
      assertEquals("image", message.getString("kind"));
      assertEquals("see this", message.getString("text"));
      JsonObject attachment = message.getJsonObject("attachment");
      assertEquals(id, attachment.getString("id"));
      assertEquals("/api/attachments/" + id, attachment.getString("url"));

      Download file = get(b, attachment.getString("url"), agentToken);
      assertEquals(200, file.status());
      assertArrayEquals(png, file.response().body(), "the same bytes from the other instance");
      assertEquals("image/png", file.header("Content-Type"));
      assertEquals("nosniff", file.header("X-Content-Type-Options"));
      assertTrue(file.header("Content-Disposition").startsWith("inline;"));
      assertTrue(file.header("Content-Disposition").contains("filename*=UTF-8''screen%20shot.png"));

      Download preview = get(b, attachment.getString("previewUrl"), agentToken);
      assertEquals(200, preview.status());
      BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(preview.response().body()));
      assertEquals(320, thumb.getWidth(), "downscaled to 320 on the longer side");
      assertEquals(180, thumb.getHeight());

      var history =
          Http.get(
                  b,
                  "/api/conversations/" + message.getString("conversationId") + "/messages",
                  agentToken)
              .json();
      assertEquals(
          id,
          history
              .getJsonArray("messages")
              .getJsonObject(0)
              .getJsonObject("attachment")
              .getString("id"),
          "history carries it too");

      visitor.send("send", "clientId", "c2", "attachmentId", id, "ref", "r2");
      assertEquals(
          "conflict", visitor.next("error").getString("code"), "a file goes in one message");
    }
  }

  @Test
  void onlyParticipantsReadOrUseIt() throws Exception {
    URI a = TestCluster.a();
    String owner = Http.newVisitor(a).getString("token");
    String other = Http.newVisitor(a).getString("token");
    String conversation;
    try (var visitor = ChatClient.authenticated(a, "/ws/visitor", owner)) {
      visitor.sendText("o1", null, "hello");
      conversation = visitor.next("ack").getJsonObject("message").getString("conversationId");
    }
    JsonObject upload =
        upload(a, owner, conversation, "note.txt", "text/plain", text("private"), false).json();

    assertEquals(403, get(a, upload.getString("url"), other).status(), "another visitor");
    assertEquals(401, get(a, upload.getString("url"), null).status(), "no token");
    assertEquals(404, get(a, "/api/attachments/" + UUID.randomUUID(), owner).status());
    Http.Reply intoTheirs = upload(a, other, conversation, "x.txt", "text/plain", text("x"), false);
    assertEquals(403, intoTheirs.status(), "uploading into another's conversation");
    assertEquals("forbidden", intoTheirs.json().getString("code"));

    JsonObject others = upload(a, other, null, "y.txt", "text/plain", text("y"), false).json();
    String agent = Http.agentToken(a, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    assertEquals(
        403, get(a, others.getString("url"), agent).status(), "unsent, of no conversation");
    assertEquals(
        400,
        upload(a, agent, null, "z.txt", "text/plain", text("z"), false).status(),
        "an agent names the conversation");
    try (var intruder = ChatClient.authenticated(a, "/ws/visitor", other)) {
      intruder.send("send", "clientId", "i1", "attachmentId", upload.getString("id"), "ref", "x");
      assertEquals("forbidden", intruder.next("error").getString("code"), "someone else's upload");
      intruder.send("send", "clientId", "i2", "attachmentId", UUID.randomUUID().toString());
      assertEquals("not_found", intruder.next("error").getString("code"));
      intruder.send("send", "clientId", "i3", "attachmentId", others.getString("id"));
      JsonObject ack = intruder.next("ack");
      assertEquals("file", ack.getJsonObject("message").getString("kind"));
      assertFalse(ack.getJsonObject("message").containsKey("text"), "no caption needed");
    }
    try (var console = ChatClient.authenticated(a, "/ws/agent", agent)) {
      console.send(
          "note",
          "conversationId",
          conversation,
          "clientId",
          "n1",
          "text",
          "x",
          "attachmentId",
          upload.getString("id"));
      assertEquals("bad_request", console.next("error").getString("code"), "notes take none");
    }
  }

  /**
   * A form as browsers send it: its fields beside the file and the file's name in raw UTF-8, read
   * the same whether the body came with its headers or arrived in chunks (read without a thread
   * waiting, then parsed from the spooled file). Without a known token the upload is refused before
   * its body is read.
   */
  @Test
  void aFormsFieldsAndUtf8NamesAreReadHoweverTheBodyArrives() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    String name = "Prüfbericht – März ✓.txt";
    for (boolean chunked : new boolean[] {false, true}) {
      String boundary = "----form" + UUID.randomUUID();
      byte[] body =
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"durationMs\"\r\n\r\n1500\r\n--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + name
                  + "\"\r\nContent-Type: text/plain\r\n\r\nthe VPN log\r\n--"
                  + boundary
                  + "--\r\n")
              .getBytes(StandardCharsets.UTF_8);
      var reply = postForm(a, token, boundary, body, chunked);
      assertEquals(201, reply.statusCode(), (chunked ? "chunked: " : "") + reply.body());
      JsonObject view = Json.createReader(new java.io.StringReader(reply.body())).readObject();
      assertEquals(name, view.getString("name"));
      assertEquals(1500, view.getInt("durationMs"));
      assertEquals(11, view.getJsonNumber("size").longValue());
      assertArrayEquals(
          "the VPN log".getBytes(StandardCharsets.UTF_8),
          get(a, view.getString("url"), token).response().body());
    }
    var stranger = postForm(a, "not-a-token", "b", new byte[300_000], false);
    assertEquals(401, stranger.statusCode(), stranger.body());
    assertTrue(stranger.body().contains("\"unauthorized\""), stranger.body());
  }

  private static HttpResponse<String> postForm(
      URI base, String token, String boundary, byte[] body, boolean chunked) throws Exception {
    var request =
        HttpRequest.newBuilder(base.resolve("/api/attachments"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofSeconds(30))
            .POST(
                chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void tooLargeRefusedWithNothingStored() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    byte[] big = new byte[(int) MAX + 1];
    big[0] = 'x'; // text/plain: allowed, so only the size refuses it
    for (boolean chunked : new boolean[] {false, true}) {
      Http.Reply r = upload(a, token, null, "big.txt", "text/plain", big, chunked);
      assertEquals(
          413, r.status(), (chunked ? "without" : "with") + " a Content-Length: " + r.body());
      assertEquals("too_large", r.json().getString("code"));
    }
    assertEquals(0, stored(token), "nothing stored");
    byte[] exactly = new byte[(int) MAX];
    java.util.Arrays.fill(exactly, (byte) 'a');
    assertEquals(201, upload(a, token, null, "max.txt", "text/plain", exactly, true).status());
    assertEquals(1, stored(token));
  }

  /**
   * Each uploader has a day's quota of uploads and of bytes, and only a few uploads may wait
   * without a conversation (the test cluster's: 30 uploads, 16 MiB, 5 unsent); past them 429 with
   * Retry-After, and nothing stored.
   */
  @Test
  void uploadsHaveADailyQuotaPerUploader() throws Exception {
    URI a = TestCluster.a();
    String early = Http.newVisitor(a).getString("token");
    for (int i = 0; i < 5; i++) {
      assertEquals(
          201, upload(a, early, null, i + ".txt", "text/plain", text("x"), false).status());
    }
    assertRateLimited(upload(a, early, null, "6.txt", "text/plain", text("x"), false));
    assertEquals(5, stored(early));

    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String token = ((JsonObject) opened[2]).getString("token");
    ((ChatClient) opened[0]).close();
    byte[] tenMiB = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(tenMiB, (byte) 'a');
    assertEquals(
        201, upload(a, token, conversation, "a.txt", "text/plain", tenMiB, false).status());
    byte[] sevenMiB = java.util.Arrays.copyOf(tenMiB, 7 * 1024 * 1024);
    assertRateLimited(upload(a, token, conversation, "b.txt", "text/plain", sevenMiB, false));
    for (int i = 1; i < 30; i++) {
      assertEquals(
          201, upload(a, token, conversation, i + ".txt", "text/plain", text("x"), false).status());
    }
    assertRateLimited(upload(a, token, conversation, "31.txt", "text/plain", text("x"), false));
    assertEquals(30, stored(token));
  }

  static void assertRateLimited(Http.Reply reply) {
    assertEquals(429, reply.status(), reply.body());
    assertEquals("rate_limited", reply.json().getString("code"));
    long retryAfter = Long.parseLong(reply.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter > 0 && retryAfter <= 86_400, "Retry-After " + retryAfter);
  }

  @Test
  void forbiddenOrLyingTypesRefused() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    byte[] html = text("<html><body><script>alert(1)</script></body></html>");
    byte[] exe = new byte[128];
    exe[0] = 'M';
    exe[1] = 'Z';
    assertRefused(upload(a, token, null, "page.html", "text/html", html, false), "text/html");
    assertRefused(upload(a, token, null, "notes.txt", "text/plain", html, false), "text/html");
    assertRefused(
        upload(a, token, null, "tool.exe", "application/octet-stream", exe, false), "dosexec");
    assertRefused(
        upload(a, token, null, "report.pdf", "application/pdf", png(10, 10), false), "image/png");
    assertRefused(
        upload(a, token, null, "photo.png", "image/png", text("plain words"), false), "text/plain");
    assertEquals(0, stored(token), "nothing stored");

    JsonObject docx =
        upload(a, token, null, "plan.docx", "application/octet-stream", docx(), false).json();
    assertEquals(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx.getString("mimeType"),
        "typed from its content, made specific by its name");
    JsonObject declaredLie =
        upload(a, token, null, "photo", "application/pdf", png(10, 10), false).json();
    assertEquals(
        "image/png", declaredLie.getString("mimeType"), "the client's type is not trusted");

    Http.Reply empty = upload(a, token, null, "empty.txt", "text/plain", new byte[0], false);
    assertEquals(400, empty.status(), empty.body());
    Http.Reply json = Http.post(a, "/api/attachments", "{}");
    assertEquals(415, json.status(), json.body());
    Http.Reply noBody = Http.postAs(a, "/api/attachments", token);
    assertEquals(400, noBody.status(), noBody.body());
    assertEquals("bad_request", noBody.json().getString("code"));
    assertEquals(2, stored(token));
  }

  @Test
  void svgIsNeverServedInline() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    byte[] svg =
        text(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>");
    JsonObject upload = upload(a, token, null, "logo.svg", "image/svg+xml", svg, false).json();
    assertEquals("image/svg+xml", upload.getString("mimeType"));
    assertFalse(upload.containsKey("previewUrl"));
    try (var visitor = ChatClient.authenticated(a, "/ws/visitor", token)) {
      visitor.send("send", "clientId", "s1", "attachmentId", upload.getString("id"));
      assertEquals("file", visitor.next("ack").getJsonObject("message").getString("kind"));
    }
    Download file = get(TestCluster.b(), upload.getString("url"), token);
    assertEquals(200, file.status());
    assertTrue(file.header("Content-Disposition").startsWith("attachment;"), "a download only");
    assertEquals("nosniff", file.header("X-Content-Type-Options"));
    assertTrue(file.header("Content-Security-Policy").contains("sandbox"));
  }

  @Test
  void uploadsNeverSentAreRemovedAfterADay() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    JsonObject old = upload(a, token, null, "old.txt", "text/plain", text("old"), false).json();
    JsonObject fresh = upload(a, token, null, "new.txt", "text/plain", text("new"), false).json();
    JsonObject sent = upload(a, token, null, "sent.txt", "text/plain", text("sent"), false).json();
    try (var visitor = ChatClient.authenticated(a, "/ws/visitor", token)) {
      visitor.send("send", "clientId", "o1", "attachmentId", sent.getString("id"));
      assertNotNull(visitor.next("ack"));
    }
    try (var sql = TestCluster.sql();
        var age =
            sql.prepareStatement(
                "update attachment set created_at = now() - interval '25 hours' where id in (?, ?)")) {
      age.setString(1, old.getString("id"));
      age.setString(2, sent.getString("id"));
      assertEquals(2, age.executeUpdate());
    }
    Poll.await(
        "the day-old unsent upload is removed",
        Duration.ofSeconds(20),
        () -> get(a, old.getString("url"), token).status() == 404);
    assertEquals(200, get(a, fresh.getString("url"), token).status(), "a fresh one stays");
    assertEquals(200, get(a, sent.getString("url"), token).status(), "a sent one stays");
  }

  /**
   * Downloads that race the sweep removing their file get all of it or a 404, never a body cut
   * short (a file of several chunks, downloaded without pause by two clients while it goes).
   */
  @Test
  void aDownloadRacingARemovalIsWholeOrNotFound() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    byte[] content = "a long log line\n".repeat(150_000).getBytes(StandardCharsets.UTF_8);
    String url =
        upload(a, token, null, "big.log", "text/plain", content, false).json().getString("url");
    assertTrue(java.util.Arrays.equals(content, get(a, url, token).response().body()));
    TestCluster.rows(
        "update attachment set created_at = now() - interval '25 hours' where id = ?"
            + " returning id",
        url.substring(url.lastIndexOf('/') + 1));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Callable<Integer> downloads =
        () -> {
          int whole = 0;
          while (true) {
            Download d = get(a, url, token);
            if (d.status() == 404) {
              return whole;
            }
            assertEquals(200, d.status());
            assertTrue(java.util.Arrays.equals(content, d.response().body()), "the whole file");
            whole++;
            assertTrue(System.nanoTime() < deadline, "the sweep removes the day-old upload");
          }
        };
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(downloads);
      var second = pool.submit(downloads);
      first.get();
      second.get();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void erasingAVisitorTakesTheirAttachments() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    JsonObject registered = Http.newVisitor(a);
    String token = registered.getString("token");
    String visitorId = registered.getString("visitorId");
    JsonObject upload = upload(a, token, null, "me.png", "image/png", png(50, 50), false).json();
    upload(a, token, null, "draft.txt", "text/plain", text("never sent"), false);
    String supervisor = Http.agentToken(b, TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD);
    String agent = Http.agentToken(b, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String conversation;
    try (var visitor = ChatClient.authenticated(a, "/ws/visitor", token);
        var console = ChatClient.authenticated(b, "/ws/agent", agent)) {
      visitor.send("send", "clientId", "e1", "attachmentId", upload.getString("id"));
      conversation = visitor.next("ack").getJsonObject("message").getString("conversationId");

      assertEquals(403, delete(b, "/api/visitors/" + visitorId, agent), "agents may not");
      assertEquals(404, delete(b, "/api/visitors/" + UUID.randomUUID(), supervisor));
      assertEquals(204, delete(b, "/api/visitors/" + visitorId, supervisor));

      assertEquals(4401, visitor.closeCode(ChatClient.WAIT), "the visitor's socket closes");
      JsonObject erased = console.next("erased");
      assertNotNull(erased, "consoles on every instance drop it");
      assertEquals(conversation, erased.getJsonArray("conversationIds").getString(0));
    }
    assertEquals(404, get(a, upload.getString("url"), supervisor).status(), "the file is gone");
    try (var sql = TestCluster.sql();
        var rows =
            sql.prepareStatement(
                "select (select count(*) from attachment where uploader_id = ?)"
                    + " + (select count(*) from attachment_chunk where attachment_id = ?)"
                    + " + (select count(*) from message where conversation_id = ?)"
                    + " + (select count(*) from visitor where id = ?)")) {
      rows.setString(1, visitorId);
      rows.setString(2, upload.getString("id"));
      rows.setString(3, conversation);
      rows.setString(4, visitorId);
      var result = rows.executeQuery();
      result.next();
      assertEquals(0, result.getLong(1), "no row of theirs is left");
    }
    assertEquals(401, Http.get(a, "/api/conversations", token).status(), "their token is dead");
  }

  private static void assertRefused(Http.Reply reply, String detected) {
    assertEquals(415, reply.status(), reply.body());
    assertEquals("unsupported_type", reply.json().getString("code"));
    assertTrue(reply.json().getString("message").contains(detected), reply.body());
  }

  private static String visitorId(String token) throws SQLException {
    try (var sql = TestCluster.sql();
        var q =
            sql.prepareStatement(
                "select principal_id from auth_token where principal_type = 'VISITOR'"
                    + " and token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')")) {
      q.setString(1, token);
      var r = q.executeQuery();
      assertTrue(r.next(), "the token is stored");
      return r.getString(1);
    }
  }

  /** Attachments the visitor behind the token has stored. */
  private static long stored(String token) throws SQLException {
    try (var sql = TestCluster.sql();
        var q = sql.prepareStatement("select count(*) from attachment where uploader_id = ?")) {
      q.setString(1, visitorId(token));
      var r = q.executeQuery();
      r.next();
      return r.getLong(1);
    }
  }

  static Http.Reply upload(
      URI base,
      String token,
      String conversationId,
      String name,
      String type,
      byte[] content,
      boolean chunked) {
    String boundary = "----switchboard" + UUID.randomUUID();
    var body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: "
                + type
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    var publisher =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
            : HttpRequest.BodyPublishers.ofByteArray(bytes);
    var request =
        HttpRequest.newBuilder(
                base.resolve(
                    "/api/attachments"
                        + (conversationId == null ? "" : "?conversationId=" + conversationId)))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofSeconds(60))
            .POST(publisher);
    try {
      var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Http.Reply(response.statusCode(), response.body(), response.headers());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static Download get(URI base, String path, String token) throws Exception {
    var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Download(response.statusCode(), response);
  }

  private static int delete(URI base, String path, String token) throws Exception {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .DELETE()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static byte[] png(int width, int height) throws IOException {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    var out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static byte[] docx() throws IOException {
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write(
          text("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"));
      zip.putNextEntry(new ZipEntry("word/document.xml"));
      zip.write(text("<w:document/>"));
    }
    return out.toByteArray();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
