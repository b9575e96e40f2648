package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.page;
import static dev.switchboard.system.WebUiIT.signIn;
import static dev.switchboard.system.WebUiIT.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Files, images and voice messages in the widget (instance A) and the console (instance B), in
 * headless Chromium: picked, pasted, dropped and recorded (Chromium's fake microphone); shown as a
 * preview that opens the image, a download, a player; a failed upload retried; a supervisor erasing
 * a visitor's data.
 */
class AttachmentsUiIT {

  static final Path FILES = Path.of("target", "upload-files");

  /** A number read from the page: a loaded image's natural width, a player's position, … */
  static double number(Browser browser, String js, WebElement element) {
    Object value = browser.script(js, element);
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  /** Waits until the image inside the element has loaded; returns its natural width. */
  static double loadedWidth(Browser browser, String css) {
    return browser.until(
        d -> {
          WebElement image = d.findElement(By.cssSelector(css));
          // 0 until loaded: `complete && naturalWidth` would hand back false, not a number.
          double width =
              number(
                  browser, "return arguments[0].complete ? arguments[0].naturalWidth : 0", image);
          return width > 0 ? width : null;
        });
  }

  @Test
  void picturesFilesAndVoiceMessagesGoBothWays() throws Exception {
    Files.createDirectories(FILES);
    Path photo = FILES.resolve("printer.png");
    Files.write(photo, AttachmentsIT.png(800, 500));
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
    try (var widget = Browser.open(1000, 760);
        var console = Browser.open(1280, 860);
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      signIn(console, TestCluster.b(), TestCluster.AGENT);
      widget.go(page(TestCluster.a(), "/"));
      String hello = "Look at my printer " + UUID.randomUUID();
      write(widget, hello);
      console.untilText(".queue-item", hello).click();
      console.untilText("#messages li.visitor", hello);

      // Picked with the file chooser: a preview on both sides, the full image on a click.
      widget.find("#file").sendKeys(photo.toAbsolutePath().toString());
      assertEquals(320, loadedWidth(widget, "#messages li.own[data-seq] .attachment.image img"));
      assertEquals(320, loadedWidth(console, "#messages li.visitor .attachment.image img"));
      console.find("#messages li.visitor .attachment.image").click();
      assertEquals(800, loadedWidth(console, "dialog.lightbox[open] img"), "the full image");
      console.find("dialog.lightbox .lightbox-close").click();
      console.until(d -> d.findElements(By.cssSelector("dialog.lightbox")).isEmpty());

      // Pasted into the console's composer: an image to the visitor.
      console.script(
          "const canvas = document.createElement('canvas'); canvas.width = 60; canvas.height = 40;"
              + "const g = canvas.getContext('2d'); g.fillStyle = 'red'; g.fillRect(0, 0, 60, 40);"
              + "canvas.toBlob(blob => { const data = new DataTransfer();"
              + " data.items.add(new File([blob], 'pasted.png', {type: 'image/png'}));"
              + " document.getElementById('text').dispatchEvent(new ClipboardEvent('paste',"
              + " {clipboardData: data, bubbles: true, cancelable: true})); });");
      assertEquals(60, loadedWidth(widget, "#messages li.agent .attachment.image img"));

      // Dropped on the widget: a text file, a download in the console.
      widget.script(
          "const data = new DataTransfer();"
              + "data.items.add(new File(['paper jam at tray 2'], 'printer-log.txt', {type: 'text/plain'}));"
              + "document.querySelector('.chat').dispatchEvent(new DragEvent('drop',"
              + " {dataTransfer: data, bubbles: true, cancelable: true}));");
      WebElement file =
          console.untilText("#messages li.visitor .attachment.file", "printer-log.txt");
      assertTrue(file.getText().contains("19 B"), file.getText());

      // Recorded in the widget (the fake microphone's tone), played in the console.
      widget.find("#record").click();
      widget.untilText("#recording", "Recording 0:02");
      widget.find("#record").click();
      JsonObject voice =
          agent
              .next("message", f -> "audio".equals(f.getJsonObject("message").getString("kind")))
              .getJsonObject("message");
      assertTrue(
          voice.getJsonObject("attachment").getString("mimeType").startsWith("audio/"),
          voice.toString());
      assertTrue(voice.getJsonObject("attachment").getInt("durationMs") >= 2000, voice.toString());
      WebElement player = console.find("#messages li.visitor .attachment.audio audio");
      assertTrue(
          console
              .untilText("#messages li.visitor .attachment.audio .duration", "0:0")
              .getText()
              .matches("0:0[2-4]"),
          "the length is shown");
      console.until(
          d -> number(console, "return arguments[0].readyState", player) >= 1 ? true : null);
      console.script("arguments[0].play()", player);
      console.until(
          d -> number(console, "return arguments[0].currentTime", player) > 0.3 ? true : null);

      widget.screenshot("widget-attachments");
      console.screenshot("console-attachments");
      assertEquals(List.of(), widget.seriousViolations(), "widget accessibility");
      assertEquals(List.of(), console.seriousViolations(), "console accessibility");
    }
  }

  @Test
  void aFailedUploadCanBeRetriedAndARefusedOneSaysWhy() throws Exception {
    Files.createDirectories(FILES);
    Path notes = FILES.resolve("notes-" + UUID.randomUUID() + ".txt");
    Files.writeString(notes, "the printer says PC LOAD LETTER\n".repeat(20_000)); // 640 KB
    Path tool = FILES.resolve("tool.exe");
    Files.write(tool, new byte[] {'M', 'Z', 0, 0, 0, 0, 0, 0});
    try (var widget = Browser.open(900, 700)) {
      widget.go(page(TestCluster.a(), "/"));
      write(widget, "files coming");
      WebUiIT.ownBubble(widget, "files coming", "sent", "delivered", "read");

      widget.driver.executeCdpCommand("Network.enable", Map.of());
      widget.driver.executeCdpCommand(
          "Network.setBlockedURLs", Map.of("urls", List.of("*/api/attachments*")));
      widget.find("#file").sendKeys(notes.toAbsolutePath().toString());
      WebElement failed = widget.find("#messages li.own[data-state=failed]");
      assertTrue(failed.getText().contains("interrupted"), failed.getText());
      widget.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
      throttleUploads(widget, 100_000); // about 6 s for the file: the bar is seen moving
      failed.findElement(By.cssSelector("button.retry")).click();
      widget.until(
          d -> {
            Object value =
                widget.script(
                    "const bar = document.querySelector('#messages .attachment.uploading progress');"
                        + " return bar ? bar.value : null;");
            double progress = value == null ? 0 : ((Number) value).doubleValue();
            return progress > 0 && progress < 1 ? true : null;
          });
      throttleUploads(widget, -1);
      String name = notes.getFileName().toString();
      widget.until(
          d ->
              d.findElements(By.cssSelector("#messages li.own[data-seq] .attachment.file")).stream()
                  .anyMatch(e -> e.getText().contains(name)));

      widget.find("#file").sendKeys(tool.toAbsolutePath().toString());
      WebElement refused =
          widget.untilText("#messages li.own[data-state=failed] .upload-error", "not accepted");
      assertNotNull(refused);
      assertTrue(
          widget.all("#messages li.own[data-state=failed] button.retry").isEmpty(),
          "no retry for a file the server refuses");
    }
  }

  /** Chromium's network emulation: uploads at {@code bytesPerSecond}, or unlimited with -1. */
  static void throttleUploads(Browser browser, int bytesPerSecond) {
    browser.driver.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of(
            "offline",
            false,
            "latency",
            0,
            "downloadThroughput",
            -1,
            "uploadThroughput",
            bytesPerSecond));
  }

  @Test
  void aSupervisorErasesAVisitorsDataFromTheConsole() throws Exception {
    JsonObject registered = Http.newVisitor(TestCluster.a());
    String token = registered.getString("token");
    String text = "Please forget me " + UUID.randomUUID();
    JsonObject upload =
        AttachmentsIT.upload(
                TestCluster.a(),
                token,
                null,
                "id-card.png",
                "image/png",
                AttachmentsIT.png(40, 40),
                false)
            .json();
    try (var visitor = ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token)) {
      visitor.send("send", "clientId", "f1", "text", text, "attachmentId", upload.getString("id"));
      assertNotNull(visitor.next("ack"));
    }
    try (var supervisor = Browser.open(1280, 800)) {
      signIn(supervisor, TestCluster.b(), TestCluster.SUPERVISOR);
      supervisor.find("#tab-all").click();
      supervisor.untilText(".queue-item", text).click();
      loadedWidth(supervisor, "#messages li.visitor .attachment.image img");
      // First a copy of everything, as a supervisor answering an access request would.
      Path zip = Browser.DOWNLOADS.resolve("visitor-" + registered.getString("visitorId") + ".zip");
      Files.deleteIfExists(zip);
      supervisor.find("#export").click();
      Poll.await("downloaded " + zip, Browser.WAIT, () -> Files.exists(zip));
      var entries = VisitorDataIT.unzip(Files.readAllBytes(zip));
      assertTrue(
          new String(entries.get("conversations.json"), StandardCharsets.UTF_8).contains(text));
      assertTrue(
          entries.keySet().stream().anyMatch(n -> n.endsWith("/id-card.png")),
          entries.keySet().toString());
      supervisor.find("#erase").click();
      supervisor.driver.switchTo().alert().accept();
      supervisor.until(d -> d.findElement(By.id("placeholder")).isDisplayed());
      assertEquals(0, WebUiIT.count(supervisor, ".queue-item", text), "gone from the lists");
    }
    assertEquals(401, Http.get(TestCluster.a(), "/api/conversations", token).status());
    String agent = Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    assertEquals(404, AttachmentsIT.get(TestCluster.b(), upload.getString("url"), agent).status());
  }
}
