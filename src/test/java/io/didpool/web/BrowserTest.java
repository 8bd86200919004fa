package io.didpool.web;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of the console's browser tests: the system's headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) driven by Selenium against the running application. Without Chromium the whole class is
 * skipped, with a message saying what to install; CI ({@code .ci/run}) installs it so that these tests run there.
 *
 * <p>Screenshots go to {@code target/screenshots}, or to the directory of the system property
 * {@code didpool.screenshots} ({@code -Ddidpool.screenshots=docs/screenshots} refreshes the committed ones).
 */
abstract class BrowserTest extends IntegrationTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    // Debian's /usr/bin/chromium is a wrapper script; the driver needs the browser binary itself
    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/lib/chromium/chromium"),
            Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final Duration WAIT = Duration.ofSeconds(15);

    static WebDriver browser;
    private static Path profile;
    /** Where the browser saves what the pages download. */
    static Path downloads;

    /**
     * Skips each test (rather than the class, which surefire would count as no test at all) when Chromium is
     * missing, so that the report shows them as skipped with the reason, and says so once on the build's console;
     * with {@code CI=true} fails them instead ({@link Prerequisites}). Starts the browser once per class.
     */
    @BeforeEach
    void browserOrSkip() throws IOException {
        Optional<Path> chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst();
        Prerequisites.require("browser tests", chromium.isPresent() && Files.isExecutable(CHROMEDRIVER)
                ? Optional.empty()
                : Optional.of("headless Chromium is not installed (" + (chromium.isPresent() ? CHROMEDRIVER
                        : "/usr/lib/chromium/chromium") + " missing); .ci/run installs it as root with apt-get install "
                        + "chromium chromium-driver"));
        if (browser == null) {
            browser = start(chromium.get());
        }
        open("/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    }

    private static WebDriver start(Path chromium) throws IOException {
        profile = Files.createTempDirectory("didpool-chromium");
        downloads = Files.createDirectory(profile.resolve("downloads"));
        ChromeOptions options = new ChromeOptions()
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false))
                .setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1360,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            profile = null;
        }
    }

    void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    /** Signs in through the sign-in page and waits for the DIDs page. */
    void signIn(ApiClient tenant) {
        open("/");
        type(By.id("api-key"), tenant.token());
        browser.findElement(By.id("signin-button")).click();
        waitUntil(ExpectedConditions.urlMatches("/dids$"));
        waitForIdle();
    }

    WebElement find(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(By by, String text) {
        WebElement input = find(by);
        input.clear();
        input.sendKeys(text);
    }

    <T> T waitUntil(java.util.function.Function<? super WebDriver, T> condition) {
        // pages that refresh themselves redraw what changed: an element found may be replaced before it is read
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The text of the message banner once it says something containing {@code expected}. */
    String messageContaining(String expected) {
        return textContaining(By.id("message"), expected);
    }

    /**
     * The text of the element {@code by} finds once it contains {@code expected}, read in the same look that found
     * it: found in one look and read in another, it may have been redrawn in between.
     */
    String textContaining(By by, String expected) {
        return waitUntil(driver -> {
            String text = driver.findElement(by).getText();
            return text.contains(expected) ? text : null;
        });
    }

    /** Waits until the page has no API action in flight (console.js counts them in body[data-busy]). */
    void waitForIdle() {
        waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-busy='0']")));
    }

    /** The text shown next to a button (the element with this id) once it says something. */
    String resultOf(String id) {
        waitUntil(d -> !d.findElement(By.id(id)).getText().isEmpty());
        return browser.findElement(By.id(id)).getText();
    }

    /** The numbers in the DIDs table, in order, once the page has settled. */
    List<String> tableNumbers() {
        waitForIdle();
        return browser.findElements(By.cssSelector("#dids-table tbody tr[data-number]")).stream()
                .map(r -> r.getAttribute("data-number")).toList();
    }

    WebElement rowOf(String number) {
        return find(By.cssSelector("#dids-table tr[data-number='" + number + "']"));
    }

    void screenshot(String name) {
        Path dir = Path.of(System.getProperty("didpool.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            // the whole page, not only the window: grow the window to the page's height for the shot
            Dimension window = browser.manage().window().getSize();
            long height = (Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollHeight");
            browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.max(height + 120, 900)));
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            browser.manage().window().setSize(window);
            Files.move(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String createDid(ApiClient tenant, String number, String segment, String status) {
        return tenant.post("/api/asterisk-dids", Map.of("number", number, "segment", segment, "status", status,
                "friendlyName", "line " + number.substring(number.length() - 4))).expect(201).json().get("id").asString();
    }
}
