package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v153.serviceworker.ServiceWorker;
import org.openqa.selenium.devtools.v153.serviceworker.model.ServiceWorkerRegistration;

/**
 * The service workers in Chromium. A push service cannot be reached from here, so Chromium's own
 * delivery is played through the DevTools protocol ({@code ServiceWorker.deliverPushMessage}) with
 * the payload the server sends: the widget's worker shows it; the console's shows nothing while a
 * console is in front and shows it once the console's tab is in the background.
 */
class PushUiIT {

  static String payload(String title, String body, String url) {
    return Json.createObjectBuilder()
        .add("title", title)
        .add("body", body)
        .add("url", url)
        .add("conversationId", "c-" + UUID.randomUUID())
        .build()
        .toString();
  }

  @Test
  void theWidgetsWorkerShowsAPushAndTheConsolesOnlyWhileNoConsoleIsInFront() throws Exception {
    URI a = TestCluster.a();
    try (var widget = Browser.open(480, 760)) {
      widget.go(WebUiIT.page(a, "/"));
      String text = "Notify me " + UUID.randomUUID().toString().substring(0, 6);
      WebUiIT.write(widget, text);
      WebUiIT.ownBubble(widget, text, "sent", "delivered", "read");
      // The widget registers its worker once notifications are allowed; headless Chromium does not
      // always report the permission its profile grants, so the test registers the same worker.
      widget.driver.executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
              + " navigator.serviceWorker.register('widget-sw.js').then(() => done(true));");
      var registration = registration(widget, a.resolve("/").toString());
      String title = "Dana replied " + UUID.randomUUID().toString().substring(0, 6);
      deliver(
          widget,
          registration,
          payload(title, "Try turning it off and on", a + "/?conversation=c"));
      widget.until(d -> notifications(widget).contains(title + "|Try turning it off and on"));
    }

    try (var console = Browser.open(1280, 800)) {
      signIn(console, a, TestCluster.SUPERVISOR);
      var registration = registration(console, a.resolve("/console/").toString());
      String inFront = "In front " + UUID.randomUUID().toString().substring(0, 6);
      deliver(console, registration, payload(inFront, "x", a + "/console/#c"));
      String behind = "Behind " + UUID.randomUUID().toString().substring(0, 6);
      String consoleTab = console.driver.getWindowHandle();
      // Another tab in front: the console is in the background now.
      console.driver.switchTo().newWindow(WindowType.TAB);
      deliver(console, registration, payload(behind, "y", a + "/console/#c"));
      console.driver.switchTo().window(consoleTab);
      console.until(d -> notifications(console).stream().anyMatch(n -> n.startsWith(behind)));
      assertTrue(
          notifications(console).stream().noneMatch(n -> n.startsWith(inFront)),
          "nothing shown while the console was in front: " + notifications(console));
    }
  }

  /**
   * The worker's registration at {@code scope}, once the page has registered it and it is active (a
   * push to a worker still installing could be lost, and a test of what is not shown would pass for
   * nothing).
   */
  private static ServiceWorkerRegistration registration(Browser browser, String scope) {
    browser.until(
        d ->
            scope.equals(
                browser.driver.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + " navigator.serviceWorker.getRegistration(arguments[0])"
                        + ".then((r) => done(r && r.active ? r.scope : null));",
                    scope)));
    DevTools devTools = browser.driver.getDevTools();
    devTools.createSessionIfThereIsNotOne();
    var registrations = new CopyOnWriteArrayList<ServiceWorkerRegistration>();
    java.util.function.Consumer<List<ServiceWorkerRegistration>> updated = registrations::addAll;
    devTools.addListener(ServiceWorker.workerRegistrationUpdated(), updated);
    devTools.send(ServiceWorker.enable());
    return browser.until(
        d ->
            registrations.stream()
                .filter(r -> scope.equals(r.getScopeURL()) && !r.getIsDeleted())
                .findFirst()
                .orElse(null));
  }

  private static void deliver(
      Browser browser, ServiceWorkerRegistration registration, String data) {
    String scope = registration.getScopeURL();
    String origin = URI.create(scope).resolve("/").toString().replaceAll("/$", "");
    browser
        .driver
        .getDevTools()
        .send(ServiceWorker.deliverPushMessage(origin, registration.getRegistrationId(), data));
  }

  /** "title|body" of each notification the page's worker shows. */
  @SuppressWarnings("unchecked")
  private static List<String> notifications(Browser browser) {
    Object shown =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + " navigator.serviceWorker.getRegistration()"
                + ".then((r) => r ? r.getNotifications() : [])"
                + ".then((all) => done(all.map((n) => n.title + '|' + n.body)));");
    return ((List<Object>) shown).stream().map(Objects::toString).toList();
  }
}
