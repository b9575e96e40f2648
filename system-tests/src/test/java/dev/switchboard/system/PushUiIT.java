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
      allowNotifications(widget);
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
      String push = payload(title, "Try turning it off and on", a + "/?conversation=c");
      deliverUntilShown(
          widget, title + "|Try turning it off and on", () -> deliver(widget, registration, push));
    }

    try (var console = Browser.open(1280, 800)) {
      signIn(console, a, TestCluster.SUPERVISOR);
      allowNotifications(console);
      var registration = registration(console, a.resolve("/console/").toString());
      String inFront = "In front " + UUID.randomUUID().toString().substring(0, 6);
      deliver(console, registration, payload(inFront, "x", a + "/console/#c"));
      String behind = "Behind " + UUID.randomUUID().toString().substring(0, 6);
      String consoleTab = console.driver.getWindowHandle();
      // Another tab in front (a blank one: a page of the same origin would count as a console's
      // client in front): the console is in the background while the push arrives.
      String blankTab = console.driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
      String push = payload(behind, "y", a + "/console/#c");
      deliverUntilShown(
          console,
          behind + "|y",
          () -> {
            console.driver.switchTo().window(blankTab);
            deliver(console, registration, push);
            console.driver.switchTo().window(consoleTab);
          });
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

  /**
   * Notifications allowed for the page's origin through WebDriver's permissions command: the
   * profile's preference alone was not always in force when a worker first asked (CI, stop 47).
   */
  private static void allowNotifications(Browser browser) {
    browser.driver.setPermission("notifications", "granted");
  }

  /**
   * Delivers a push (through {@code deliver}) and waits until the worker shows {@code shown}
   * ("title|body"), delivering it again every few seconds: DevTools' delivery to a worker that is
   * just starting can be dropped by Chromium, which is not what is under test (the same tag
   * replaces, so a second delivery never makes a second notification). The failure says what the
   * page sees of its permission.
   */
  private static void deliverUntilShown(Browser browser, String shown, Runnable deliver) {
    deliver.run();
    long[] delivered = {System.nanoTime()};
    try {
      browser.until(
          d -> {
            if (System.nanoTime() - delivered[0] > 3_000_000_000L) {
              deliver.run();
              delivered[0] = System.nanoTime();
            }
            return notifications(browser).contains(shown);
          });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "not shown: "
              + shown
              + "; shown: "
              + notifications(browser)
              + "; permission: "
              + browser.driver.executeScript("return Notification.permission"),
          e);
    }
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
