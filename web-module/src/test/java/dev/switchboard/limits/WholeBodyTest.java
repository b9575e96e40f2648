package dev.switchboard.limits;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body taken whole: read back as it came, and an upload's form parsed from its spooled file. */
class WholeBodyTest {

  @TempDir Path temp;

  /** A request that knows only its content type (all a body asks of it). */
  static HttpServletRequest request(String contentType) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            WholeBodyTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                method.getName().equals("getContentType") ? contentType : null);
  }

  static void append(WholeBody body, byte[] bytes, int chunk) throws IOException {
    for (int i = 0; i < bytes.length; i += chunk) {
      byte[] part = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk));
      body.append(part, part.length);
    }
  }

  @Test
  void aBodyInMemoryReadsBackAsItCame() throws IOException {
    var body = WholeBody.inMemory(request("application/json"));
    byte[] json = ("{\"text\":\"" + "ü".repeat(3000) + "\"}").getBytes(UTF_8);
    append(body, json, 700); // past the first buffer, in pieces as they arrive
    body.complete();
    assertEquals(json.length, body.getContentLengthLong());
    assertArrayEquals(json, body.getInputStream().readAllBytes());
    assertEquals(new String(json, UTF_8), body.getReader().readLine(), "read twice, the same");
  }

  @Test
  void anUploadsFieldsAndFileComeFromItsSpooledBody() throws Exception {
    String form =
        "--b\r\nContent-Disposition: form-data; name=\"durationMs\"\r\n\r\n1500\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"März ✓.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n--b--\r\n";
    var body = WholeBody.spooled(request("multipart/form-data; boundary=b"), temp.toFile());
    append(body, form.getBytes(UTF_8), 13);
    body.complete();

    assertEquals(2, body.getParts().size());
    Part duration = body.getPart("durationMs");
    assertNull(duration.getSubmittedFileName());
    assertEquals("1500", new String(duration.getInputStream().readAllBytes(), UTF_8));
    Part file = body.getPart("file");
    assertEquals("März ✓.txt", file.getSubmittedFileName(), "browsers send names in UTF-8");
    assertEquals("text/plain", file.getContentType());
    assertEquals("line one\r\nline two", new String(file.getInputStream().readAllBytes(), UTF_8));
    assertNull(body.getPart("other"));

    try (var files = Files.list(temp)) {
      assertEquals(1, files.count(), "spooled to one file");
    }
    body.discard();
    try (var files = Files.list(temp)) {
      assertEquals(0, files.count(), "deleted once answered");
    }
  }

  @Test
  void aBodyThatIsNotAFormIsRefusedAsSuch() throws IOException {
    var notAForm = WholeBody.spooled(request("multipart/form-data; boundary=b"), temp.toFile());
    append(notAForm, "just some text".getBytes(UTF_8), 100);
    notAForm.complete();
    assertThrows(ServletException.class, notAForm::getParts);

    var json = WholeBody.inMemory(request("application/json"));
    assertThrows(ServletException.class, () -> json.getPart("file"), "only uploads have parts");
  }

  @Test
  void whatComesAfterTheDiscardIsDropped() throws IOException {
    var body = WholeBody.inMemory(request("application/json"));
    body.append("{}".getBytes(UTF_8), 2);
    body.discard();
    body.append("more".getBytes(UTF_8), 4); // a read that was under way when the deadline came
    assertEquals(2, body.size());
    assertFalse(body.getInputStream().read() >= 0, "nothing to read");
    assertTrue(body.getInputStream().isReady());
  }
}
