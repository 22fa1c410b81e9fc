package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * The operator console in a real headless Chromium (Debian chromium + chromium-driver) against a real gateway:
 * log in, find a dossier, replay a dead letter until PMHT has it, a viewer refused, an invalid entry discarded.
 * Screenshots of each page go to target/screenshots/.
 */
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots");
    static final AtomicInteger SEQ = new AtomicInteger();

    static GatewayHarness gw;
    static PmhtSimulator pmht;
    static ConsoleClient api;
    static WebDriver browser;
    static WebDriverWait waitFor;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: /usr/bin/chromium or /usr/bin/chromedriver is absent; install them with "
                        + "'apt-get install -y chromium chromium-driver' (.ci/run does)");
        gw = GatewayHarness.start();
        pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
        api = new ConsoleClient(gw);
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("console-chromium-");
        // explicit driver and binary: Selenium Manager has nothing to download
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        waitFor = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gw != null) {
            gw.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void reset() {
        pmht.reset();
    }

    static String code() {
        return "G22.99.08-260715-" + String.format("%04d", SEQ.incrementAndGet());
    }

    @Test
    void operatorLogsInAndFindsADossierWithItsTrail() throws Exception {
        String maHoSo = code();
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");

        browser.get(api.base() + "/console/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        WebElement banner = waitFor.until(ExpectedConditions.visibilityOfElementLocated(By.id("env-banner")));
        assertThat(banner.getText()).contains("SANDBOX");
        assertThat(banner.getAttribute("class")).contains("env-sandbox");
        waitFor.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
        shot("01-login");

        // a wrong password is refused in the page
        logIn("operator", "wrong");
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "wrong password"));

        logIn("operator", "operator");
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "operator (operator)"));
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#flows tbody"), "SENT"));
        waitFor.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues tr[data-queue='civil.dossier.inbound']")));
        shot("02-overview");

        browser.findElement(By.id("tab-dossier")).click();
        WebElement search = waitFor.until(ExpectedConditions.visibilityOfElementLocated(By.id("search-code")));
        search.clear();
        search.sendKeys(maHoSo);
        browser.findElement(By.id("search-submit")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-state"), "SENT"));
        assertThat(browser.findElement(By.id("dossier-code")).getText()).isEqualTo(maHoSo);
        assertThat(outcomes()).containsSubsequence("RECEIVED", "ACCEPTED", "SENT");
        String payload = browser.findElement(By.cssSelector("#payloads details.payload pre")).getText();
        assertThat(payload).contains("00********77").doesNotContain("001195000077").doesNotContain("Trần Thị Mẫu");
        assertThat(browser.findElement(By.id("result-link-row")).isDisplayed()).isFalse();
        shot("03-dossier");

        browser.findElement(By.id("search-code")).clear();
        browser.findElement(By.id("search-code")).sendKeys("NO-SUCH-DOSSIER");
        browser.findElement(By.id("search-submit")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-error"), "no dossier NO-SUCH-DOSSIER"));
    }

    @Test
    void operatorReplaysADeadLetterAndPmhtReceivesIt() throws Exception {
        String maHoSo = code();
        pmht.failNext(4, PmhtSimulator.Fault.HTTP_500); // RETRY_MAX=4 in the harness: dead-lettered
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        awaitQueued("DLQ.civil.dispatch", maHoSo);
        assertThat(pmht.acceptedCount(maHoSo)).isZero();

        openAs("operator");
        browser.findElement(By.id("tab-dlq")).click();
        waitFor.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#dlq-list a[data-queue='DLQ.civil.dispatch']"))).click();
        WebElement row = messageRow(maHoSo);
        assertThat(row.getText()).contains("HTTP 500");
        shot("04-dead-letters");

        row.findElement(By.cssSelector("button.replay")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("queue-status"), "Replayed " + maHoSo));
        DossierView view = gw.awaitState(maHoSo, "SENT");
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
        assertThat(view.trail()).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("REPLAYED"));
        waitFor.until(d -> d.findElements(By.cssSelector("#messages tr.message[data-ma-ho-so='" + maHoSo + "']")).isEmpty());
        shot("05-replayed");

        browser.get(api.base() + "/console/#dossier/" + maHoSo);
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-state"), "SENT"));
        waitFor.until(d -> outcomes().contains("REPLAYED"));
        assertThat(outcomes()).containsSubsequence("ACCEPTED", "DEAD_LETTER", "REPLAYED", "SENT");
        shot("06-replayed-trail");
    }

    @Test
    void aViewerIsRefusedReplayInThePageAndByTheApi() throws Exception {
        String maHoSo = code();
        pmht.failNext(4, PmhtSimulator.Fault.HTTP_500);
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        awaitQueued("DLQ.civil.dispatch", maHoSo);

        openAs("viewer");
        browser.get(api.base() + "/console/#queue/DLQ.civil.dispatch");
        WebElement row = messageRow(maHoSo);
        row.findElement(By.cssSelector("button.replay")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("queue-status"), "403"));
        assertThat(browser.findElement(By.id("queue-status")).getText()).contains("only operators");
        shot("07-viewer-refused");

        String token = (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('gatewayConsoleToken')");
        String id = row.getAttribute("data-id");
        assertThat(api.post("/api/ops/queues/DLQ.civil.dispatch/messages/" + ConsoleClient.path(id) + "/replay", token, "{}")
                .statusCode()).isEqualTo(403);
        assertThat(gw.browse("DLQ.civil.dispatch")).anyMatch(m -> m.text().contains(maHoSo));
        assertThat(pmht.acceptedCount(maHoSo)).isZero();
    }

    @Test
    void operatorDiscardsAnInvalidEntryWithAReasonThatTheTrailShows() throws Exception {
        String maHoSo = code();
        Map<String, Object> d = Dossiers.birth(maHoSo);
        Dossiers.data(d).remove("nycHoTen");
        gw.send("civil.dossier.inbound", json(d));
        gw.awaitState(maHoSo, "REJECTED");
        awaitQueued("civil.dossier.invalid", maHoSo);

        openAs("operator");
        browser.findElement(By.id("tab-invalid")).click();
        WebElement row = messageRow(maHoSo);
        assertThat(row.getText()).contains("nycHoTen");
        row.findElement(By.cssSelector("button.discard")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("queue-status"), "reason"));
        shot("08-invalid");

        row = messageRow(maHoSo);
        row.findElement(By.cssSelector("input.discard-reason")).sendKeys("duplicate of a paper application");
        row.findElement(By.cssSelector("button.discard")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("queue-status"), "Discarded " + maHoSo));
        assertThat(gw.browse("civil.dossier.invalid")).noneMatch(m -> m.text().contains(maHoSo));

        browser.get(api.base() + "/console/#dossier/" + maHoSo);
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossier-state"), "REJECTED"));
        waitFor.until(d2 -> outcomes().contains("DISCARDED"));
        assertThat(browser.findElement(By.id("trail")).getText()).contains("duplicate of a paper application").contains("by operator");
        shot("09-discarded-trail");

        browser.findElement(By.id("tab-audit")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "duplicate of a paper application"));
        shot("10-audit");
    }

    private static void openAs(String user) {
        browser.get(api.base() + "/console/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waitFor.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
        logIn(user, user);
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), user + " (" + user + ")"));
    }

    private static void logIn(String user, String password) {
        WebElement name = browser.findElement(By.id("login-user"));
        name.clear();
        name.sendKeys(user);
        WebElement pw = browser.findElement(By.id("login-password"));
        pw.clear();
        pw.sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private static WebElement messageRow(String maHoSo) {
        return waitFor.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#messages tr.message[data-ma-ho-so='" + maHoSo + "']")));
    }

    private static List<String> outcomes() {
        return browser.findElements(By.cssSelector("#trail tbody td.outcome")).stream().map(WebElement::getText).toList();
    }

    private static void awaitQueued(String queue, String maHoSo) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> gw.browse(queue).stream().anyMatch(m -> m.text() != null && m.text().contains(maHoSo)));
    }

    private static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
