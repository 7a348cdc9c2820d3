package im.relay.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One user's headless Chromium on the chat page, driven through chromedriver: Debian's binaries, set explicitly so
 * that Selenium Manager never looks for (or downloads) others. Elements are found by their {@code data-testid}.
 */
final class PageBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration PATIENCE = Duration.ofSeconds(20);

    final String name;
    final ChromeDriver driver;
    private final Path profile;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Opens the page. {@code clientAddress} goes out as X-Forwarded-For on every request (the test gateway trusts one
     * hop), so that each browser counts as a client address of its own for the per-address rate limits.
     */
    PageBrowser(String name, URI page, String clientAddress) {
        this.name = name;
        try {
            this.profile = Files.createTempDirectory("relay-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", clientAddress)));
        driver.get(page.toString());
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until the element is shown and enabled, then clicks it. */
    void click(By by) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            WebElement element = driver.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    void type(By by, CharSequence... keys) {
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> driver.findElement(by).isDisplayed());
        driver.findElement(by).sendKeys(keys);
    }

    /** Waits for the first element matching {@code by} whose text contains {@code text}. */
    WebElement awaitText(By by, String text) {
        return await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () -> driver.findElements(by).stream()
                                .filter(e -> e.getText().contains(text))
                                .findFirst()
                                .orElse(null),
                        element -> element != null);
    }

    /** Saves a screenshot, the page's HTML and the browser console next to each other. */
    void saveEvidence(Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(prefix + "-" + name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(prefix + "-" + name + ".html"), driver.getPageSource());
        StringBuilder console = new StringBuilder();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.append(entry).append('\n');
        }
        Files.writeString(dir.resolve(prefix + "-" + name + ".console.txt"), console);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
