package com.devsecopsmetrics.dashboard;

import com.devsecopsmetrics.access.Role;
import com.devsecopsmetrics.access.TokenFile;
import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard under DESIGN §8 in Debian's headless Chromium: the app runs with a tokens file (an admin token for
 * every team, a viewer token for one team), every page is checked for the Content-Security-Policy header and for
 * CSP violations, and the sign-in form, the held token (sessionStorage only) and team scoping are checked in the page.
 * Every browser console error fails a test, except the 401 (or 403) answers a step provokes on purpose.
 */
class DashboardSecurityIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** The generated history ends yesterday; the dashboard's default period is the 30 UTC days ending on the last day with data. */
    private static final LocalDate LAST_DAY = TODAY.minusDays(1);
    private static final LocalDate FROM = LAST_DAY.minusDays(29);
    private static final LocalDate TO = LAST_DAY.plusDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String ADMIN_TOKEN = "dsm-admin-token-for-the-browser-test-0001";
    private static final String TEAM_TOKEN = "dsm-team-viewer-token-for-the-browser-test-0002";
    /** Records every CSP violation of a page in a list the test reads, from before the page's own scripts run. */
    private static final String VIOLATION_RECORDER = "window.__csp = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static ChromeDriver browser;
    static DashboardPage page;
    static String base;
    /** Team to its catalogued services, from the generated services.jsonl. */
    static Map<String, TreeSet<String>> teams;
    static String team;

    @BeforeAll
    static void startTheAppWithTokensAndLoadASmallOrganisation() throws Exception {
        Path data = dir.resolve("generated");
        assertThat(CliRunner.run("generate", "--services", "10", "--days", "35", "--seed", "7",
                "--end", LAST_DAY.toString(), "--out", data.toString()).exitCode()).isZero();
        teams = new TreeMap<>();
        for (String line : Files.readAllLines(data.resolve("services.jsonl"))) {
            JsonNode s = JSON.readTree(line);
            teams.computeIfAbsent(s.path("team").asText(), t -> new TreeSet<>()).add(s.path("service_id").asText());
        }
        assertThat(teams).as("teams of the generated catalogue").hasSizeGreaterThanOrEqualTo(2);
        // The viewer's team: the one with the most services, so that its scope has figures.
        team = teams.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size())))
                .orElseThrow().getKey();

        Path tokens = dir.resolve("tokens");
        Files.write(tokens, List.of(
                "# the browser test's tokens",
                TokenFile.line("ops", Role.ADMIN, "*", ADMIN_TOKEN),
                TokenFile.line("team-viewer", Role.VIEWER, "team:" + team, TEAM_TOKEN)));
        int rest = freePort();
        stack = new EmbeddedStack(dir.resolve("stack"), freePort(), rest, Map.of(DsmConfig.ROLLUP_INTERVAL_MS, "500",
                DsmConfig.TOPIC_PARTITIONS, "2", DsmConfig.REST_AUTH_TOKENS_FILE, tokens.toString())).start();
        base = "http://localhost:" + rest;
        ReferenceMetrics reference = GeneratedOrganisation.load(stack, data);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode org = api(ADMIN_TOKEN, "/api/v1/metrics?scope=org&from=" + FROM + "&to=" + TO);
            assertThat(org.path("dora").path("deployments").asLong()).isEqualTo(reference.dora("org", FROM, TO).get("deployments"));
            assertThat(org.path("security").path("commits").asLong()).isEqualTo(reference.security("org", FROM, TO).get("commits"));
            assertThat(org.path("debt_flow").path("intake").asLong()).isEqualTo(reference.debtFlow("org", FROM, TO).get("intake"));
        });

        browser = SystemChromium.start(dir.resolve("chromium-profile"));
        page = new DashboardPage(browser);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_RECORDER));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Every test starts signed out: a fresh page of this origin with nothing in its storage. */
    @BeforeEach
    void signedOut() {
        browser.get(base + "/definitions.html");
        js("sessionStorage.clear(); localStorage.clear();");
        page.consoleErrors(null);
    }

    @Test
    void everyPageAndFileCarriesTheContentSecurityPolicyAndTheApiWantsAToken() throws Exception {
        String index = get("/", null).body();
        Matcher chartJs = Pattern.compile("src=\"(/webjars/chart\\.js/[^\"]+)\"").matcher(index);
        assertThat(chartJs.find()).as("the Chart.js script of index.html").isTrue();
        for (String path : List.of("/", "/index.html", "/service.html?id=x", "/definitions.html", "/assets/common.js",
                "/assets/dashboard.js", "/assets/dsm.css", chartJs.group(1))) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        HttpResponse<String> refused = get("/api/v1/services", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(refused.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        // Nothing of the page markup runs inline: no script bodies, no event handler attributes, no style attributes.
        for (String page : List.of("/", "/service.html", "/definitions.html")) {
            String html = get(page, null).body();
            assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                    .doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContainPattern("\\sstyle\\s*=").doesNotContain("<style");
        }
    }

    @Test
    void withoutATokenThePageAsksForOneAndShowsNoFigures() {
        browser.get(base + "/");
        page.waitForState("sign-in");
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("sign-in")).getText()).contains("needs an API token");
        assertThat(browser.findElement(By.id("content")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("[data-panel] a.num, [data-panel] .card, #heatmap-table"))).isEmpty();
        assertThat(browser.findElements(By.id("sign-out"))).isEmpty();
        assertThat(cspViolations()).isEmpty();
        assertThat(page.consoleErrors("401")).as("browser console errors besides the one 401").isEmpty();

        // A wrong token is refused, dropped from storage, and the form says so.
        signIn("not-a-token-of-this-server");
        page.waitForState("sign-in");
        assertThat(browser.findElement(By.id("sign-in")).getText()).contains("not accepted");
        assertThat(js("return sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.findElements(By.cssSelector("[data-panel] a.num"))).isEmpty();
        assertThat(cspViolations()).isEmpty();
        assertThat(page.consoleErrors("401")).isEmpty();
    }

    @Test
    void theAdminTokenShowsEveryPanelWithTheApisFiguresAndLivesInSessionStorageOnly() throws Exception {
        signInOnTheDashboard(ADMIN_TOKEN);

        JsonNode metrics = api(ADMIN_TOKEN, "/api/v1/metrics?scope=org&from=" + FROM + "&to=" + TO);
        JsonNode snapshot = api(ADMIN_TOKEN, "/api/v1/snapshot?scope=org&date=" + LAST_DAY);
        assertThat(page.count("dora", "deployments")).isEqualTo(metrics.path("dora").path("deployments").asLong());
        assertThat(page.count("security", "commits")).isEqualTo(metrics.path("security").path("commits").asLong());
        assertThat(page.count("debt", "intake")).isEqualTo(metrics.path("debt_flow").path("intake").asLong());
        assertThat(page.count("debt", "tier1_findings_past_sla")).isEqualTo(snapshot.path("debt").path("tier1_findings_past_sla").asLong());
        for (String panel : List.of("dora", "security", "coverage", "debt")) {
            assertThat(page.panel(panel).findElements(By.cssSelector("a.num:not(.none)"))).as(panel).hasSizeGreaterThanOrEqualTo(5);
        }
        int catalogued = teams.values().stream().mapToInt(TreeSet::size).sum();
        assertThat(browser.findElements(By.cssSelector("#heatmap-table tbody tr"))).hasSize(catalogued);
        assertThat(scopeOptions()).containsAll(teams.keySet().stream().map(t -> "team:" + t).toList());
        for (WebElement canvas : browser.findElements(By.cssSelector("canvas[data-chart]"))) {
            assertThat((Long) js("return Chart.getChart(arguments[0]).data.datasets.length", canvas)).isPositive();
        }
        assertStorageHoldsOnly(ADMIN_TOKEN);

        // The filter form has no inline handler: Enter in the date field must not submit it away.
        String url = browser.getCurrentUrl();
        browser.findElement(By.id("end")).sendKeys(Keys.ENTER);
        page.waitForRender("org");
        assertThat(browser.getCurrentUrl()).isEqualTo(url);

        // The service page and the definitions under the same policy, with the held token.
        String service = teams.get(team).first();
        browser.get(base + "/service.html?id=" + service);
        page.waitForState("ready");
        assertThat(browser.findElement(By.id("service-title")).getText()).contains(service);
        assertThat(browser.findElements(By.cssSelector("#panel-last28 a.num:not(.none)"))).hasSizeGreaterThanOrEqualTo(5);
        browser.get(base + "/definitions.html");
        assertThat(browser.findElements(By.cssSelector("#definitions section"))).hasSizeGreaterThan(40);
        assertThat(cspViolations()).isEmpty();
        assertThat(page.consoleErrors(null)).as("browser console errors once signed in").isEmpty();
        assertStorageHoldsOnly(ADMIN_TOKEN);

        // Signing out drops the token and brings the form back.
        browser.get(base + "/");
        page.waitForRender("org");
        browser.findElement(By.id("sign-out")).click();
        page.waitForState("sign-in");
        assertThat(js("return sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.findElements(By.cssSelector("[data-panel] a.num"))).isEmpty();
        assertThat(page.consoleErrors("401")).isEmpty();
    }

    @Test
    void aTeamViewerSeesItsOwnTeamAndTheOrganisationButNoOtherTeam() throws Exception {
        signInOnTheDashboard(TEAM_TOKEN);

        List<String> teamOptions = scopeOptions().stream().filter(o -> o.startsWith("team:")).toList();
        assertThat(teamOptions).containsExactly("team:" + team);
        List<String> serviceOptions = scopeOptions().stream().filter(o -> o.startsWith("service:"))
                .map(o -> o.substring("service:".length())).toList();
        assertThat(serviceOptions).containsExactlyInAnyOrderElementsOf(teams.get(team));
        assertThat(browser.findElements(By.cssSelector("#heatmap-table tbody tr"))).hasSize(teams.get(team).size());

        // The organisation's aggregate figures are answered in full.
        JsonNode org = api(ADMIN_TOKEN, "/api/v1/metrics?scope=org&from=" + FROM + "&to=" + TO);
        assertThat(page.count("dora", "deployments")).isEqualTo(org.path("dora").path("deployments").asLong());
        assertThat(page.count("debt", "intake")).isEqualTo(org.path("debt_flow").path("intake").asLong());
        assertThat(page.panel("dora").findElements(By.cssSelector("a.num:not(.none)"))).hasSizeGreaterThanOrEqualTo(5);

        String text = browser.findElement(By.tagName("body")).getText();
        String markup = browser.getPageSource();
        for (Map.Entry<String, TreeSet<String>> other : teams.entrySet()) {
            if (other.getKey().equals(team)) {
                continue;
            }
            assertThat(markup).as("page markup").doesNotContain("team:" + other.getKey()).doesNotContain("Team " + other.getKey());
            for (String service : other.getValue()) {
                assertThat(text).as("page text naming " + other.getKey() + "'s service").doesNotContainPattern(
                        "(?<![\\w-])" + Pattern.quote(service) + "(?![\\w-])");
            }
        }
        assertThat(cspViolations()).isEmpty();
        assertThat(page.consoleErrors(null)).as("browser console errors once signed in").isEmpty();
        assertStorageHoldsOnly(TEAM_TOKEN);

        // Its own team's scope renders; another team's, asked for in the URL, is a clear note rather than an error.
        browser.get(base + "/?scope=" + "team%3A" + team);
        page.waitForRender("team:" + team);
        String otherTeam = teams.keySet().stream().filter(t -> !t.equals(team)).findFirst().orElseThrow();
        browser.get(base + "/?scope=" + "team%3A" + otherTeam);
        page.waitForState("outside-access");
        assertThat(browser.findElement(By.id("outside-access")).getText()).contains("outside your access");
        assertThat(browser.findElements(By.cssSelector("[data-panel] a.num"))).isEmpty();
        String otherService = teams.get(otherTeam).first();
        browser.get(base + "/service.html?id=" + otherService);
        page.waitForState("outside-access");
        assertThat(browser.findElement(By.id("outside-access")).getText()).contains("outside your access");
        assertThat(cspViolations()).isEmpty();
        assertThat(page.consoleErrors("403")).as("browser console errors besides the 403s").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** Opens the dashboard signed out, waits for its sign-in form (after the one 401), and signs in with {@code token}. */
    private static void signInOnTheDashboard(String token) {
        browser.get(base + "/");
        page.waitForState("sign-in");
        assertThat(page.consoleErrors("401")).isEmpty();
        signIn(token);
        page.waitForRender("org");
    }

    private static void signIn(String token) {
        WebElement input = browser.findElement(By.id("sign-in-token"));
        input.sendKeys(token);
        input.sendKeys(Keys.ENTER);
    }

    private static void assertStorageHoldsOnly(String token) {
        assertThat(js("return sessionStorage.getItem('dsm.api.token')")).isEqualTo(token);
        assertThat(js("return localStorage.length")).as("localStorage entries").isEqualTo(0L);
        assertThat(js("return document.cookie")).as("cookies").isEqualTo("");
        assertThat(browser.getCurrentUrl()).doesNotContain(token);
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    private static List<String> scopeOptions() {
        return browser.findElements(By.cssSelector("#scope option")).stream().map(o -> o.getAttribute("value")).toList();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    private static List<String> cspViolations() {
        Object found = js("return window.__csp");
        assertThat(found).as("the CSP violation recorder on this page").isNotNull();
        return (List<String>) found;
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode api(String token, String path) throws Exception {
        HttpResponse<String> r = get(path, token);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
