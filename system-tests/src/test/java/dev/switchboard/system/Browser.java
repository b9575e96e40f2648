package dev.switchboard.system;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by
 * Selenium.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Path DOWNLOADS = Path.of("target", "downloads");
  static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A new browser with its own profile, the window sized as given. */
  static Browser open(int width, int height) {
    return open(width, height, false);
  }

  /** A phone: touch, a narrow viewport and a high pixel ratio (Chrome's device emulation). */
  static Browser phone(int width, int height) {
    return open(width, height, true);
  }

  private static Browser open(int width, int height, boolean phone) {
    Debian.ensure(List.of(CHROMIUM, CHROMEDRIVER), "chromium", "chromium-driver");
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // A generated tone for a microphone, granted without asking; players may start unasked.
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=" + width + "," + height);
    if (phone) {
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of(
              "deviceMetrics",
              Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
    }
    // Desktop notifications are allowed, as a user who said yes would have them; downloads land in
    // DOWNLOADS without a question.
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "profile.default_content_setting_values.notifications",
            1,
            "download.default_directory",
            DOWNLOADS.toAbsolutePath().toString(),
            "download.prompt_for_download",
            false));
    var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile());
    return new Browser(new ChromeDriver(service.build(), options));
  }

  void go(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return until(d -> d.findElement(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /**
   * Picks the option showing {@code text} in the select matched by {@code css}; tried again when
   * the page re-renders the options meanwhile (the console does on every presence change).
   */
  void choose(String css, String text) {
    until(
        d -> {
          new Select(d.findElement(By.cssSelector(css))).selectByVisibleText(text);
          return true;
        });
  }

  /** Waits until the element matched by {@code css} shows {@code text}. */
  WebElement untilText(String css, String text) {
    return until(
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.getText().contains(text))
                .findFirst()
                .orElse(null));
  }

  /** Clicks a control that shows while the pointer is over {@code over} (a message's Edit). */
  void clickOnHover(WebElement over, String css) {
    until(
        d -> {
          new org.openqa.selenium.interactions.Actions(d).moveToElement(over).perform();
          over.findElement(By.cssSelector(css)).click();
          return true;
        });
  }

  /** Answers the page's {@code confirm()} with OK. */
  void acceptConfirm() {
    until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The serious and critical accessibility violations axe-core finds on the page. */
  List<String> seriousViolations() {
    return new AxeBuilder()
        .analyze(driver).getViolations().stream()
            .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
            .map(Browser::describe)
            .toList();
  }

  private static String describe(Rule rule) {
    return rule.getId()
        + " ("
        + rule.getImpact()
        + "): "
        + rule.getHelp()
        + " at "
        + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
