package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * The visitor widget and the operator console in headless Chromium, against the two-instance test
 * cluster: the widget on instance A, the console on instance B. Screenshots land in
 * target/screenshots.
 */
class WebUiIT {

  static String page(URI base, String path) {
    return base.resolve(path).toString();
  }

  static void signIn(Browser console, URI base, String username) {
    console.go(page(base, "/console/"));
    console.find("#username").sendKeys(username);
    console.find("#password").sendKeys(TestCluster.AGENT_PASSWORD);
    console.find("#login-form button[type=submit]").click();
    console.until(d -> d.findElement(By.id("app")).isDisplayed());
    console.until(d -> d.findElement(By.id("connection")).getText().isEmpty());
  }

  static void write(Browser browser, String text) {
    WebElement box = browser.find("#text");
    box.sendKeys(text);
    box.sendKeys(Keys.ENTER);
  }

  /** The widget's own bubble with this text, once it is in one of these states. */
  static WebElement ownBubble(Browser widget, String text, String... states) {
    return widget.until(
        d ->
            d.findElements(By.cssSelector("#messages li.own")).stream()
                .filter(e -> e.getText().contains(text))
                .filter(e -> List.of(states).contains(e.getAttribute("data-state")))
                .findFirst()
                .orElse(null));
  }

  /** The conversation of the message with this text, as the agent's socket received it. */
  static String conversationWith(ChatClient agent, String text) {
    return agent
        .next("message", f -> text.equals(f.getJsonObject("message").getString("text")))
        .getJsonObject("message")
        .getString("conversationId");
  }

  static long count(Browser browser, String css, String text) {
    return browser.all(css).stream().filter(e -> e.getText().contains(text)).count();
  }

  @Test
  void aVisitorOnAAndAnAgentOnBChatBothWays() throws Exception {
    try (var widget = Browser.open(1000, 720);
        var console = Browser.open(1280, 800)) {
      signIn(console, TestCluster.b(), TestCluster.AGENT);
      widget.go(page(TestCluster.a(), "/"));
      widget.untilText("#availability-text", "Online");

      String hello = "My printer is on fire " + UUID.randomUUID();
      write(widget, hello);
      ownBubble(widget, hello, "sent", "delivered", "read");

      // The new conversation appears in the console's queue without a reload.
      console.untilText(".queue-item", hello).click();
      console.untilText("#messages li.visitor", hello);
      ownBubble(widget, hello, "read");

      console.find("#text").sendKeys("Let me check");
      widget.untilText("#typing", TestCluster.AGENT + " is typing");
      console.find("#text").sendKeys(" that for you", Keys.ENTER);
      widget.untilText("#messages li.agent", "Let me check that for you");
      widget.until(d -> d.findElement(By.id("typing")).getText().isEmpty());
      console.untilText("#messages li.agent[data-state=read]", "Let me check that for you");

      widget.screenshot("widget-desktop");
      console.screenshot("console");
      assertEquals(List.of(), widget.seriousViolations(), "widget accessibility");
      assertEquals(List.of(), console.seriousViolations(), "console accessibility");
    }
  }

  /**
   * The links in mails: the widget's {@code /?conversation=<id>} opens that conversation even when
   * the visitor has a newer open one; the console's {@code /console/#<id>} opens it after sign-in.
   */
  @Test
  void mailLinksOpenTheirConversation() throws Exception {
    JsonObject v = Http.newVisitor(TestCluster.a());
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String first = "First question " + UUID.randomUUID();
    String second = "Second question " + UUID.randomUUID();
    String older;
    String newer;
    try (var visitor =
            ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"));
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      visitor.sendText("l1", null, first);
      older = visitor.next("ack").getJsonObject("message").getString("conversationId");
      agent.send("resolve", "ref", "r1", "conversationId", older);
      assertNotNull(agent.next("conversation", f -> "r1".equals(f.getString("ref", null))));
      visitor.sendText("l2", null, second);
      newer = visitor.next("ack").getJsonObject("message").getString("conversationId");
    }
    assertNotEquals(older, newer, "a message after resolving starts a new conversation");

    try (var widget = Browser.open(1280, 800);
        var console = Browser.open(1280, 800)) {
      // The visitor's identity, stored from a page of the origin that runs no widget (the widget
      // would register a visitor of its own and store it).
      widget.go(page(TestCluster.a(), "/health/live"));
      widget.script("localStorage.setItem('switchboard.visitor', arguments[0])", v.toString());
      widget.go(page(TestCluster.a(), "/?conversation=" + older));
      widget.untilText("#messages li", first);
      assertFalse(widget.find("#messages").getText().contains(second), "only the linked one");

      console.go(page(TestCluster.b(), "/console/#" + newer));
      console.find("#username").sendKeys(TestCluster.AGENT);
      console.find("#password").sendKeys(TestCluster.AGENT_PASSWORD);
      console.find("#login-form button[type=submit]").click();
      console.untilText("#messages li.visitor", second);
    }
  }

  /** "Sign out" in the console revokes the token on the server, not only in the browser. */
  @Test
  void signingOutOfTheConsoleRevokesTheToken() throws Exception {
    try (var console = Browser.open(1280, 800)) {
      signIn(console, TestCluster.b(), TestCluster.OTHER_AGENT);
      String token =
          (String)
              console.script("return JSON.parse(localStorage.getItem('switchboard.agent')).token");
      assertEquals(200, Http.get(TestCluster.a(), "/api/conversations", token).status());
      console.find("#logout").click();
      console.until(d -> d.findElement(By.id("login-view")).isDisplayed());
      assertEquals(
          401,
          Poll.until(
              ChatClient.WAIT,
              () -> Http.get(TestCluster.a(), "/api/conversations", token).status(),
              status -> status == 401),
          "the token no longer works on any instance");
    }
  }

  @Test
  void theQueueUpdatesLiveAndTheConsoleWorksFromTheKeyboard() throws Exception {
    try (var console = Browser.open(1280, 800)) {
      signIn(console, TestCluster.b(), TestCluster.OTHER_AGENT);
      JsonObject v = Http.newVisitor(TestCluster.a());
      try (var visitor =
          ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"))) {
        String question = "Keyboard question " + UUID.randomUUID();
        visitor.sendText("k1", null, question);
        assertNotNull(visitor.next("ack"));
        console.untilText(".queue-item", question);
        assertTrue(console.driver.getTitle().startsWith("("), "unread count in the tab title");

        // Alt+↓ opens the newest conversation, Alt+C claims it, Enter sends.
        var keys = new Actions(console.driver);
        keys.keyDown(Keys.ALT).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
        console.untilText("#messages li.visitor", question);
        keys.keyDown(Keys.ALT).sendKeys("c").keyUp(Keys.ALT).perform();
        console.untilText("#visitor-details", "assigned to " + TestCluster.OTHER_AGENT);
        assertNotNull(
            visitor.next(
                "message", f -> "system".equals(f.getJsonObject("message").getString("kind"))),
            "the visitor is told who took the conversation");
        console.driver.switchTo().activeElement().sendKeys("On it", Keys.ENTER);
        JsonObject reply =
            visitor.next(
                "message", f -> "On it".equals(f.getJsonObject("message").getString("text")));
        assertNotNull(reply, "Enter in the composer sends");

        // An internal note is shown as one and never reaches the visitor.
        keys.keyDown(Keys.ALT).sendKeys("n").keyUp(Keys.ALT).perform();
        console.find("#text").sendKeys("VIP, be nice", Keys.ENTER);
        console.untilText("#messages li.note", "VIP, be nice");
        assertNull(
            visitor.next(f -> f.toString().contains("VIP, be nice"), Duration.ofMillis(800)));
      }
    }
  }

  static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

  @Test
  void anHtmlPayloadRendersAsTextEverywhere() {
    try (var widget = Browser.open(900, 700);
        var console = Browser.open(1280, 800)) {
      widget.go(page(TestCluster.a(), "/"));
      widget.find("#text");
      String marker = UUID.randomUUID().toString();
      write(widget, marker + " " + XSS);
      WebElement bubble = ownBubble(widget, marker, "sent", "delivered", "read");
      assertEquals(marker + " " + XSS, bubble.findElement(By.cssSelector(".text")).getText());
      signIn(console, TestCluster.b(), TestCluster.AGENT);
      console.untilText(".queue-item", marker).click();
      WebElement seen = console.untilText("#messages li.visitor", marker);
      assertEquals(marker + " " + XSS, seen.findElement(By.cssSelector(".text")).getText());
      for (Browser b : List.of(widget, console)) {
        assertNull(b.script("return window.__xss"), "no script ran");
        assertEquals(
            0L,
            b.script("return document.querySelectorAll('#messages img, #messages script').length"));
      }
    }
  }

  @Test
  void aFailedSendShowsAsFailedAndItsRetryIsStoredOnce() throws Exception {
    try (var widget = Browser.open(900, 700)) {
      widget.go(page(TestCluster.a(), "/"));
      widget.find("#text");
      write(widget, "before the outage");
      ownBubble(widget, "before the outage", "sent", "delivered", "read");

      String text = "during the outage " + UUID.randomUUID();
      TestCluster.get().stopBroker();
      try {
        write(widget, text);
        ownBubble(widget, text, "sending", "failed");
        WebElement failed = ownBubble(widget, text, "failed");
        assertTrue(failed.getText().contains("Not sent"), failed.getText());
        assertTrue(failed.findElement(By.cssSelector("button.retry")).isDisplayed());
      } finally {
        TestCluster.get().startBroker();
      }
      // The user retries until the server is back; the retry reuses the clientId.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        WebElement bubble = ownBubble(widget, text, "failed", "sent", "delivered", "read");
        if (!"failed".equals(bubble.getAttribute("data-state"))) {
          break;
        }
        bubble.findElement(By.cssSelector("button.retry")).click();
        widget.until(d -> !"sending".equals(bubble.getAttribute("data-state")));
      }
      ownBubble(widget, text, "sent", "delivered", "read");
      assertEquals(1L, count(widget, "#messages li.own", text));
      try (var sql = TestCluster.sql();
          var query = sql.prepareStatement("select count(*) from message where text = ?")) {
        query.setString(1, text);
        var rows = query.executeQuery();
        rows.next();
        assertEquals(1, rows.getInt(1), "stored exactly once");
      }
    }
  }

  /** An agent's socket on instance B. */
  private static ChatClient agentOnB() throws Exception {
    return ChatClient.authenticated(
        TestCluster.b(),
        "/ws/agent",
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD));
  }

  /**
   * The widget, loaded through {@code proxy}, opens a conversation the agent sees; then the proxy
   * cuts its socket and the widget shows it is reconnecting. The conversation's id.
   */
  private static String chattingThenCut(
      TcpProxy proxy, Browser widget, ChatClient agent, String prefix) throws Exception {
    widget.go(page(proxy.baseUri(), "/"));
    String hello = prefix + " " + UUID.randomUUID();
    write(widget, hello);
    ownBubble(widget, hello, "sent", "delivered", "read");
    String conversation = conversationWith(agent, hello);
    proxy.cut();
    widget.untilText("#banner", "Reconnecting");
    return conversation;
  }

  @Test
  void afterTheServerDropsTheSocketTheWidgetReconnectsAndResumes() throws Exception {
    try (var proxy = new TcpProxy(TestCluster.a());
        var widget = Browser.open(900, 700);
        var agent = agentOnB()) {
      String conversation = chattingThenCut(proxy, widget, agent, "through the balancer");
      agent.sendText("away-1", conversation, "while you were away 1");
      agent.sendText("away-2", conversation, "while you were away 2");
      assertEquals(2, agent.collect(2, ChatClient.WAIT, "ack").size());
      proxy.accept();

      widget.until(d -> !d.findElement(By.id("banner")).isDisplayed());
      widget.untilText("#messages li.agent", "while you were away 2");
      assertEquals(1L, count(widget, "#messages li.agent", "while you were away 1"));
      assertEquals(1L, count(widget, "#messages li.agent", "while you were away 2"));
      write(widget, "and I am back");
      ownBubble(widget, "and I am back", "sent", "delivered", "read");
    }
  }

  /**
   * In a reconnect storm a server may read an auth frame sent in time too late and close with 4401
   * "auth expected within 5 s": the token is still good, so the widget tries again instead of
   * ending the session.
   */
  @Test
  void aMissedAuthDeadlineIsRetriedNotTakenForASignOut() throws Exception {
    try (var proxy = new TcpProxy(TestCluster.a());
        var widget = Browser.open(900, 700);
        var agent = agentOnB()) {
      String conversation = chattingThenCut(proxy, widget, agent, "late auth");
      agent.sendText("late-1", conversation, "while your auth was late");
      assertEquals(1, agent.collect(1, ChatClient.WAIT, "ack").size());
      proxy.holdNextConnection(6_000); // the reconnect's auth frame arrives after the deadline
      proxy.accept();

      widget.until(d -> proxy.serverSent("auth expected within")); // closed for the deadline
      widget.untilText("#messages li.agent", "while your auth was late");
      assertEquals(1L, count(widget, "#messages li.agent", "while your auth was late"));
      widget.until(d -> !d.findElement(By.id("banner")).isDisplayed());
      write(widget, "still here");
      ownBubble(widget, "still here", "sent", "delivered", "read");
    }
  }

  /** An intranet page embeds the widget with one script tag; on a phone the panel fills it. */
  @Test
  void theWidgetEmbedsInAnIntranetPageOnDesktopAndPhone() throws Exception {
    String host =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>Intranet</title></head><body><main><h1>Company intranet</h1>"
            + "<p>Expenses, holidays and the canteen menu.</p></main>"
            + "<script src=\""
            + page(TestCluster.a(), "/embed.js")
            + "\" async></script></body></html>";
    try (var intranet = IntranetPage.serving(host)) {
      for (int[] size : new int[][] {{1280, 800}, {390, 780}}) {
        boolean phone = size[0] < 500;
        try (var browser =
            phone ? Browser.phone(size[0], size[1]) : Browser.open(size[0], size[1])) {
          browser.go(TestCluster.EMBEDDER_ORIGIN + "/");
          browser.find("button[aria-controls=switchboard-panel]").click();
          WebElement frame = browser.find("#switchboard-panel");
          browser.until(d -> frame.isDisplayed());
          if (phone) {
            long width = (Long) browser.script("return window.innerWidth");
            assertEquals(width, (long) frame.getRect().getWidth(), "the panel fills a phone");
          }
          browser.driver.switchTo().frame(frame);
          String text = (phone ? "from my phone " : "from my desk ") + UUID.randomUUID();
          browser.find("#text");
          write(browser, text);
          ownBubble(browser, text, "sent", "delivered", "read");
          browser.driver.switchTo().defaultContent();
          browser.screenshot(phone ? "widget-phone" : "widget-embedded-desktop");
        }
      }
    }
  }

  @Test
  void aReplyToAHiddenTabRaisesABrowserNotification() {
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var widget = Browser.open(900, 700);
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      widget.go(page(TestCluster.a(), "/"));
      String hello = "notify me " + UUID.randomUUID();
      write(widget, hello);
      ownBubble(widget, hello, "sent", "delivered", "read");
      String conversation = conversationWith(agent, hello);
      assertEquals("granted", widget.script("return Notification.permission"));
      // Records what the page shows through the real Notification API, where another tab of
      // the same origin can read it while this one is hidden.
      widget.script(
          "const Real = window.Notification;"
              + " window.Notification = class extends Real { constructor(title, options) {"
              + " super(title, options); localStorage.setItem('shown',"
              + " title + ' while ' + document.visibilityState); } };");
      widget.driver.switchTo().newWindow(WindowType.TAB);
      widget.go(page(TestCluster.a(), "/console/"));
      agent.sendText("reply", conversation, "Here is your answer");
      widget.until(d -> widget.script("return localStorage.getItem('shown')"));
      assertEquals(
          TestCluster.AGENT + " replied while hidden",
          widget.script("return localStorage.getItem('shown')"));
    }
  }

  @Test
  void aReloadContinuesTheConversationAndTheConsoleWorksOnIt() throws Exception {
    try (var widget = Browser.open(900, 700);
        var console = Browser.open(1280, 800)) {
      widget.go(page(TestCluster.a(), "/"));
      widget.find("#details-toggle").click();
      widget
          .find("#email")
          .sendKeys("ann@intranet"); // the browser lets it pass, the server does not
      widget.find("#details button[type=submit]").click();
      widget.untilText("#details-error", "email");
      String name = "Ann " + UUID.randomUUID().toString().substring(0, 8);
      widget.find("#nickname").sendKeys(name);
      widget.find("#email").clear();
      widget.find("#email").sendKeys("ann@example.com");
      widget.find("#details button[type=submit]").click();
      widget.until(d -> !d.findElement(By.id("details")).isDisplayed());
      write(widget, "first question");
      ownBubble(widget, "first question", "sent", "delivered", "read");

      // Same visitor, same conversation after a reload (identity in localStorage).
      widget.driver.navigate().refresh();
      ownBubble(widget, "first question", "sent", "delivered", "read");
      write(widget, "second question");
      ownBubble(widget, "second question", "sent", "delivered", "read");

      signIn(console, TestCluster.b(), TestCluster.AGENT);
      console.untilText(".queue-item", name).click();
      console.untilText("#visitor-details", "ann@example.com");
      console.untilText("#messages li.visitor", "second question");

      // Presence: the visitor sees when no agent is available.
      new org.openqa.selenium.support.ui.Select(console.find("#status")).selectByValue("away");
      console.untilText("#team li", TestCluster.AGENT + ": away");
      widget.untilText("#availability-text", "Away");
      new org.openqa.selenium.support.ui.Select(console.find("#status")).selectByValue("online");
      widget.untilText("#availability-text", "Online");

      console.find("#claim").click();
      console.untilText("#visitor-details", "assigned to " + TestCluster.AGENT);
      widget.untilText("#messages li.system", TestCluster.AGENT + " joined the conversation");
      console.find("#resolve").click();
      console.untilText("#visitor-details", "status: resolved");
      widget.untilText("#messages li.system", "marked the conversation as resolved");
      console.find("#tab-resolved").click();
      console.untilText(".queue-item", name);
      console.find("#reopen").click();
      console.untilText("#visitor-details", "status: open");
    }
  }

  @Test
  void theTranscriptCheckboxBringsTheTranscriptByMailOnResolve() throws Exception {
    try (var widget = Browser.open(900, 700);
        var console = Browser.open(1280, 800)) {
      widget.go(page(TestCluster.a(), "/"));
      widget.find("#details-toggle").click();
      String name = "Tess " + UUID.randomUUID().toString().substring(0, 8);
      String email = "tess-" + UUID.randomUUID() + "@example.com";
      widget.find("#nickname").sendKeys(name);
      widget.find("#email").sendKeys(email);
      // Ticked before the conversation exists: asked for as soon as it does.
      widget.find("#transcript").click();
      widget.screenshot("widget-details");
      widget.find("#details button[type=submit]").click();
      widget.until(d -> !d.findElement(By.id("details")).isDisplayed());
      write(widget, "please mail me this chat");
      ownBubble(widget, "please mail me this chat", "sent", "delivered", "read");

      signIn(console, TestCluster.b(), TestCluster.AGENT);
      console.untilText(".queue-item", name).click();
      console.untilText("#visitor-details", "wants the transcript by email");
      console.find("#text").sendKeys("Here you are", Keys.ENTER);
      widget.untilText("#messages li.agent", "Here you are");
      console.find("#resolve").click();
      console.untilText("#visitor-details", "status: resolved");

      MimeMessage mail = awaitMailTo(email, Duration.ofSeconds(30));
      String text = Smtp.part(mail, "text/plain");
      assertTrue(text.contains("please mail me this chat"), text);
      assertTrue(text.contains("Here you are"), text);

      // The choice is stored with the conversation: a reload shows it ticked.
      widget.driver.navigate().refresh();
      ownBubble(widget, "please mail me this chat", "sent", "delivered", "read");
      widget.find("#details-toggle").click();
      widget.until(d -> d.findElement(By.id("transcript")).isSelected());
    }
  }

  /**
   * The transcript ticked in one tab before any conversation exists is asked for when another tab
   * of the same visitor starts the conversation: the first tab learns of it from the message, not
   * from an ack of its own (this also covers an ack that arrives after the conversation event).
   */
  @Test
  void aTranscriptTickedBeforeTheConversationIsAskedForWhicheverFrameNamesItFirst()
      throws Exception {
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var widget = Browser.open(900, 700);
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      widget.go(page(TestCluster.a(), "/"));
      widget.find("#details-toggle").click();
      String name = "Tab " + UUID.randomUUID().toString().substring(0, 8);
      widget.find("#nickname").sendKeys(name);
      widget.find("#transcript").click();
      widget.find("#details button[type=submit]").click();
      widget.untilText("#details-error", "Give an email first");
      widget.find("#email").sendKeys("tab-" + UUID.randomUUID() + "@example.com");
      widget.find("#details button[type=submit]").click();
      widget.until(d -> !d.findElement(By.id("details")).isDisplayed());
      String first = widget.driver.getWindowHandle();

      widget.driver.switchTo().newWindow(WindowType.TAB); // same visitor: same local storage
      widget.go(page(TestCluster.a(), "/"));
      String hello = "from the other tab " + UUID.randomUUID();
      write(widget, hello);
      ownBubble(widget, hello, "sent", "delivered", "read");

      widget.driver.switchTo().window(first);
      widget.untilText("#messages li.own", hello);
      JsonObject asked =
          agent.next(
              "conversation",
              f ->
                  f.getJsonObject("conversation")
                          .getJsonObject("visitor")
                          .getString("name")
                          .equals(name)
                      && f.getJsonObject("conversation").getBoolean("transcript", false));
      assertNotNull(asked, "the first tab never asked for the transcript");
      widget.find("#details-toggle").click();
      widget.until(d -> d.findElement(By.id("transcript")).isSelected());
    }
  }

  private static MimeMessage awaitMailTo(String email, Duration timeout) throws Exception {
    Optional<MimeMessage> mail =
        Poll.until(
            timeout,
            () -> {
              for (var m : TestCluster.SMTP.all()) {
                if (email.equals(MailIT.to(m))
                    && "transcript".equals(Smtp.header(m, "X-Switchboard-Mail"))) {
                  return Optional.of(m);
                }
              }
              return Optional.<MimeMessage>empty();
            },
            Optional::isPresent);
    return mail.orElseThrow(() -> new AssertionError("no transcript mail to " + email));
  }

  @Test
  void thePagesCarryAStrictContentSecurityPolicy() throws Exception {
    // HTTP/1.1, as browsers speak to a plain HTTP listener (the default client upgrades to h2c,
    // whose answers missed the container's own X-Frame-Options).
    var http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    // The widget's page may be framed by the embedders; the console, however its path is spelt,
    // and everything else by nobody.
    for (String path :
        List.of("/", "/index.html", "/console/", "/%63onsole/", "/console/index.html;x=1")) {
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(TestCluster.a().resolve(path)).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(policy.contains("default-src 'none'"), policy);
      assertTrue(policy.contains("script-src 'self';"), policy);
      assertTrue(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), policy);
      assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
      boolean widget = path.equals("/") || path.equals("/index.html");
      assertTrue(
          policy.contains(
              widget
                  ? "frame-ancestors 'self' " + TestCluster.ALLOWED_ORIGIN
                  : "frame-ancestors 'none'"),
          path + ": " + policy);
      assertEquals(
          widget ? "" : "DENY", response.headers().firstValue("X-Frame-Options").orElse(""), path);
    }
  }

  @Test
  void olderMessagesLoadOnScrollAndANewOneDoesNotYankTheReader() {
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var widget = Browser.open(900, 700);
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      widget.go(page(TestCluster.a(), "/"));
      write(widget, "a long story");
      ownBubble(widget, "a long story", "sent", "delivered", "read");
      String conversation = conversationWith(agent, "a long story");
      for (int i = 1; i <= 70; i++) {
        agent.sendText("story-" + i, conversation, "part " + i);
      }
      assertEquals(70, agent.collect(70, Duration.ofSeconds(30), "ack").size());
      widget.untilText("#messages li.agent", "part 70");

      widget.driver.navigate().refresh();
      widget.untilText("#messages li.agent", "part 70");
      assertEquals(50, widget.all("#messages li").size(), "the newest 50 first");
      widget.script("document.getElementById('log').scrollTop = 0");
      widget.until(d -> widget.all("#messages li").size() == 71);
      assertEquals("a long story", widget.all("#messages li").get(0).getText().split("\n")[0]);

      // Scrolled up, reading: a new message does not move the view, it offers a way down.
      widget.script("document.getElementById('log').scrollTop = 200");
      long before =
          ((Number) widget.script("return document.getElementById('log').scrollTop")).longValue();
      agent.sendText("story-new", conversation, "one more thing");
      widget.untilText("#messages li.agent", "one more thing");
      widget.until(d -> d.findElement(By.id("jump")).isDisplayed());
      assertEquals(
          before,
          ((Number) widget.script("return document.getElementById('log').scrollTop")).longValue());
      widget.find("#jump").click();
      widget.until(d -> !d.findElement(By.id("jump")).isDisplayed());
    }
  }
}
