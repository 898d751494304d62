package com.devsecopsmetrics.dashboard;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in Debian's headless Chromium against the real app on the embedded KRaft broker. A small
 * generated organisation is loaded with {@code dsm load}; the numbers the page shows are checked against
 * {@link ReferenceMetrics}, an independent computation over the same files. Every test fails on any
 * browser console error (SEVERE entries of the browser log: console.error, uncaught exceptions, failed loads).
 */
class DashboardBrowserIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** The generated history ends yesterday; the dashboard's default period is the 30 UTC days ending on the last day with data. */
    private static final LocalDate LAST_DAY = TODAY.minusDays(1);
    private static final LocalDate FROM = LAST_DAY.minusDays(29);
    private static final LocalDate TO = LAST_DAY.plusDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static ChromeDriver browser;
    static DashboardPage page;
    static String base;
    static ReferenceMetrics reference;
    static Set<String> catalogued;
    /** What the page said before any event was loaded. */
    static String emptyState;
    static List<String> consoleErrorsBeforeData;

    @BeforeAll
    static void startTheAppWithoutDataThenLoadAnOrganisation() throws Exception {
        browser = SystemChromium.start(dir.resolve("chromium-profile"));
        page = new DashboardPage(browser);
        int rest = freePort();
        stack = new EmbeddedStack(dir.resolve("stack"), freePort(), rest,
                Map.of(DsmConfig.ROLLUP_INTERVAL_MS, "500", DsmConfig.TOPIC_PARTITIONS, "3")).start();
        base = "http://localhost:" + rest;
        // As a user opens it: once the app says it is ready (before that, queries answer 503 after their retries).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

        browser.get(base + "/");
        page.waitForState("empty");
        emptyState = browser.findElement(By.id("empty-state")).getText();
        consoleErrorsBeforeData = page.consoleErrors(null);

        Path data = dir.resolve("generated");
        // History up to the end of yesterday: the broker rejects records stamped more than an hour ahead
        // (message.timestamp.after.max.ms), and a history ending today would hold events later than now.
        // with lapsing acceptances: the page's snapshot figures are checked against the reference's rule for them
        assertThat(CliRunner.run("generate", "--services", "12", "--days", "45", "--seed", "5", "--expiring-acceptances",
                "--end", LAST_DAY.toString(), "--out", data.toString()).exitCode()).isZero();
        reference = GeneratedOrganisation.load(stack, data);
        catalogued = new TreeSet<>();
        for (String line : Files.readAllLines(data.resolve("services.jsonl"))) {
            catalogued.add(JSON.readTree(line).path("service_id").asText());
        }
        // The org/team/tier roll-ups settle within rollup.interval.ms: wait until every kind shows in them.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode org = api("/api/v1/metrics?scope=org&from=" + FROM + "&to=" + TO);
            Map<String, Object> dora = reference.dora("org", FROM, TO);
            assertThat(org.path("dora").path("deployments").asLong()).isEqualTo(dora.get("deployments"));
            assertThat(org.path("dora").path("incidents_resolved").asLong()).isEqualTo(dora.get("incidents_resolved"));
            assertThat(org.path("security").path("commits").asLong()).isEqualTo(reference.security("org", FROM, TO).get("commits"));
            assertThat(org.path("debt_flow").path("intake").asLong()).isEqualTo(reference.debtFlow("org", FROM, TO).get("intake"));
        });
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(page.consoleErrors(null)).as("browser console errors").isEmpty();
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

    @Test
    void withoutDataThePageSaysWhatToLoad() {
        assertThat(emptyState).contains("No data yet").contains("bin/dsm load --topic services")
                .contains("bin/dsm generate").contains("bin/dsm demo");
        assertThat(consoleErrorsBeforeData).isEmpty();
    }

    @Test
    void everyPanelShowsTheNumbersOfTheIndependentComputation() {
        open("/");
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-period")).isEqualTo(FROM + "/" + TO);
        String text = browser.findElement(By.tagName("body")).getText();
        assertThat(text).doesNotContain("NaN").doesNotContain("undefined").doesNotContain("[object").doesNotContain("Infinity")
                .doesNotContainPattern("\\bnull\\b");
        for (String panel : List.of("dora", "security", "coverage", "debt")) {
            List<String> numbers = page.panel(panel).findElements(By.cssSelector("a.num:not(.none)")).stream().map(WebElement::getText).toList();
            assertThat(numbers).as(panel + " numbers").hasSizeGreaterThanOrEqualTo(5).allMatch(n -> n.matches(".*\\d.*"));
            for (WebElement card : page.panel(panel).findElements(By.cssSelector(".card"))) {
                assertThat(card.findElements(By.cssSelector("a.num"))).as(panel + " card " + card.getAttribute("data-card")).isNotEmpty();
            }
            // A figure without samples is "—" with its reason, never blank.
            for (WebElement none : page.panel(panel).findElements(By.cssSelector(".nodata"))) {
                assertThat(none.findElement(By.cssSelector(".why")).getText()).isNotBlank();
            }
        }
        for (WebElement canvas : browser.findElements(By.cssSelector("canvas[data-chart]"))) {
            Number points = (Number) ((JavascriptExecutor) browser).executeScript(
                    "return Chart.getChart(arguments[0]).data.datasets.flatMap(d => d.data).filter(v => typeof v === 'number').length", canvas);
            assertThat(points.intValue()).as("points of chart " + canvas.getAttribute("data-chart")).isPositive();
        }
        assertThat(browser.findElements(By.cssSelector("#heatmap-table tbody tr"))).hasSize(catalogued.size());

        Map<String, Object> dora = reference.dora("org", FROM, TO);
        Map<String, Object> security = reference.security("org", FROM, TO);
        Map<String, Object> flow = reference.debtFlow("org", FROM, TO);
        @SuppressWarnings("unchecked")
        Map<String, Object> debt = (Map<String, Object>) reference.snapshot("org", LAST_DAY).get("debt");
        assertThat(page.count("dora", "deployments")).isEqualTo(dora.get("deployments"));
        assertPercent(page.shown("dora", "change_failure_rate"), (Double) dora.get("change_failure_rate"));
        assertThat(page.count("security", "gate_bypasses")).isEqualTo(security.get("gate_bypasses"));
        assertThat(page.count("security", "commits")).isEqualTo(security.get("commits"));
        assertPercent(page.shown("security", "release_evidence_rate"), (Double) security.get("release_evidence_rate"));
        assertThat(page.count("debt", "intake")).isEqualTo(flow.get("intake"));
        assertThat(page.count("debt", "fixed")).isEqualTo(flow.get("fixed"));
        assertThat((double) page.count("debt", "risk_index")).isCloseTo((Double) debt.get("risk_index"), within(0.5));
        assertThat(page.count("debt", "tier1_findings_past_sla")).isEqualTo(debt.get("tier1_findings_past_sla"));
        @SuppressWarnings("unchecked")
        Map<String, Long> topIntake = (Map<String, Long>) flow.get("top_defect_class_intake");
        List<String> classes = page.panel("debt").findElements(By.cssSelector("ol.defects li")).stream()
                .map(li -> li.getText().replaceAll(":.*", "")).toList();
        assertThat(classes).isEqualTo(List.copyOf(topIntake.keySet()));

        assertOptionalPanel("alerts", "GET /api/v1/alerts", "#alerts-table, #alerts p a.num");
        assertOptionalPanel("report", "GET /api/v1/report", "#report dl, #report-patterns");
    }

    @Test
    void changingTheScopeOrPeriodChangesTheNumbers() {
        open("/");
        Map<String, String> org = numbers();
        String team = reference.services().stream().map(reference::teamOf).sorted().findFirst().orElseThrow();
        String tier1Service = tier1Service();
        for (String scope : List.of("team:" + team, "tier:TIER_1", "service:" + tier1Service)) {
            new Select(browser.findElement(By.id("scope"))).selectByValue(scope);
            page.waitForRender(scope);
            assertThat(numbers()).as(scope).isNotEqualTo(org);
            assertThat(page.count("dora", "deployments")).as(scope).isEqualTo(reference.dora(scope, FROM, TO).get("deployments"));
            assertThat(page.count("debt", "intake")).as(scope).isEqualTo(reference.debtFlow(scope, FROM, TO).get("intake"));
            assertThat(browser.getCurrentUrl()).contains("scope=" + scope.replace(":", "%3A"));
        }
        new Select(browser.findElement(By.id("scope"))).selectByValue("org");
        page.waitForRender("org");
        assertThat(numbers()).isEqualTo(org);
        new Select(browser.findElement(By.id("days"))).selectByValue("7");
        new WebDriverWait(browser, DashboardPage.RENDER).until(d -> (LAST_DAY.minusDays(6) + "/" + TO).equals(page.body().getAttribute("data-period"))
                && "ready".equals(page.body().getAttribute("data-state")));
        assertThat(page.count("dora", "deployments")).isEqualTo(reference.dora("org", LAST_DAY.minusDays(6), TO).get("deployments"));
        assertThat(numbers()).isNotEqualTo(org);
    }

    @Test
    void thinFiguresAreMarkedLowSampleAndATeamInTheScopeGetsItsTeamReport() throws Exception {
        // A single service over 30 days: some of its rates stand on fewer than report.min.sample (10) events.
        String service = catalogued.stream().filter(s -> !LowSampleCards.expected(metrics("service:" + s)).isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no service with a low-sample figure"));
        browser.get(base + "/?scope=service:" + service);
        page.waitForRender("service:" + service);
        LowSampleCards.assertMarked(browser, LowSampleCards.expected(metrics("service:" + service)));
        String team = "team:" + reference.teamOf(service);
        new Select(browser.findElement(By.id("scope"))).selectByValue(team);
        page.waitForRender(team);
        LowSampleCards.assertTeamReport(browser, team);
    }

    @Test
    void theDefaultPeriodEndsOnTheLastDayWithDataAndTodayIsOneClickAway() {
        open("/");
        assertThat(page.body().getAttribute("data-period")).isEqualTo(FROM + "/" + TO);
        assertThat(browser.findElements(By.cssSelector("#banner .banner"))).as("no 'no events' banner").isEmpty();
        browser.findElement(By.id("today")).click();
        new WebDriverWait(browser, DashboardPage.RENDER).until(d -> (TODAY.minusDays(29) + "/" + TODAY.plusDays(1))
                .equals(page.body().getAttribute("data-period")) && "ready".equals(page.body().getAttribute("data-state")));
        assertThat(browser.getCurrentUrl()).contains("end=" + TODAY);
    }

    @Test
    void weeksBeforeTheFirstEventAreNotDrawnAsZeros() {
        open("/?days=90&end=" + LAST_DAY);
        // 90 days, of which the history covers the last 45: the first weeks have no point at all.
        for (String chart : List.of("flow", "risk", "coverage-tiers")) {
            List<?> first = (List<?>) ((JavascriptExecutor) browser).executeScript("return Chart.getChart(document.querySelector("
                    + "'canvas[data-chart=\"" + chart + "\"]')).data.datasets.map(d => d.data[0])");
            assertThat(first).as(chart + ": the first week's points").containsOnlyNulls();
        }
        Number drawn = (Number) ((JavascriptExecutor) browser).executeScript("return Chart.getChart(document.querySelector("
                + "'canvas[data-chart=\"flow\"]')).data.datasets[0].data.filter(v => v !== null).length");
        assertThat(drawn.intValue()).as("weeks drawn in the flow chart").isBetween(6, 8);
    }

    @Test
    void atTwelveEightyPixelsNothingIsWiderThanTheWindowAndTheReportReadsAsADocument() throws Exception {
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(1280, 900));
        try {
            open("/");
            // Inside a scrolling box (the heat map) an element may be wider; nowhere else.
            List<?> wide = (List<?>) ((JavascriptExecutor) browser).executeScript("""
                    const width = document.documentElement.clientWidth;
                    const scrolls = e => e.closest('.heatmap-wrap') !== null;
                    return [...document.querySelectorAll('body *')].filter(e => !scrolls(e))
                      .filter(e => e.getBoundingClientRect().right > width + 1)
                      .map(e => e.tagName + '#' + e.id + '.' + e.className);""");
            assertThat(wide).as("elements wider than the 1,280 px window").isEmpty();
            Number scrollWidth = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
            Number clientWidth = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth");
            assertThat(scrollWidth.intValue()).isLessThanOrEqualTo(clientWidth.intValue());
            if (api("/api/v1").path("endpoints").toString().contains("GET /api/v1/report")) {
                WebElement report = browser.findElement(By.id("report-document"));
                assertThat(report.findElements(By.tagName("h3"))).hasSizeGreaterThanOrEqualTo(3);
                assertThat(report.findElements(By.cssSelector("table.figures th"))).isNotEmpty();
                assertThat(report.getText()).contains("this month").contains("month before").doesNotContain("previous_");
            }
            for (WebElement evidence : browser.findElements(By.cssSelector("#alerts-table table.evidence"))) {
                assertThat(evidence.findElements(By.cssSelector("tr"))).isNotEmpty();
            }
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("dashboard-1280.png"), browser.getScreenshotAs(OutputType.BYTES));
            for (String panel : List.of("alerts", "report")) {
                WebElement box = page.panel(panel);
                ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", box);
                Files.write(shots.resolve(panel + "-1280.png"), box.getScreenshotAs(OutputType.BYTES));
            }
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    @Test
    void aServiceOpensItsDrillDownPage() {
        open("/");
        String service = tier1Service();
        browser.findElement(By.cssSelector("#heatmap-table tr[data-service='" + service + "'] a")).click();
        new WebDriverWait(browser, DashboardPage.RENDER).until(d -> d.getCurrentUrl().contains("/service.html")
                && "ready".equals(page.body().getAttribute("data-state")));
        assertThat(browser.findElement(By.id("service-title")).getText()).contains(service);
        @SuppressWarnings("unchecked")
        Map<String, Object> debt = (Map<String, Object>) reference.snapshot("service:" + service, TODAY).get("debt");
        assertThat(page.count("findings", "findings_past_sla")).isEqualTo(debt.get("tier1_findings_past_sla"));
        assertThat(page.count("findings", "open_findings")).isEqualTo(debt.get("open_findings"));
        assertThat(browser.findElements(By.cssSelector("#panel-last28 a.num:not(.none)"))).hasSizeGreaterThanOrEqualTo(5);
        assertThat(page.body().getText()).doesNotContain("NaN").doesNotContain("undefined");
        if (((Number) debt.get("open_findings")).longValue() > 0) {
            // the generator gives scanned findings a title, rule, file and link: the table shows them, links only to http(s)
            assertThat(browser.findElement(By.cssSelector("#findings-table thead")).getText()).contains("Where", "CWE", "Scanner");
            List<WebElement> links = browser.findElements(By.cssSelector("#findings-table a.finding-link"));
            assertThat(links).isNotEmpty().allSatisfy(a -> assertThat(a.getAttribute("href")).startsWith("https://"));
            assertThat(browser.findElement(By.id("findings-table")).getText()).contains("rule ");
        }
        browser.findElement(By.id("scope-link")).click();
        page.waitForRender("service:" + service);
    }

    @Test
    void everyNumberLinksToADefinitionThatExists() throws Exception {
        open("/");
        Set<String> anchors = new HashSet<>();
        for (WebElement number : browser.findElements(By.cssSelector("a.num"))) {
            String href = number.getAttribute("href");
            assertThat(href).as(number.getText()).contains("/definitions.html#");
            anchors.add(href.substring(href.indexOf('#') + 1));
        }
        // Every name the API answers has a definition too, so a number added later cannot go unexplained.
        JsonNode metrics = api("/api/v1/metrics?scope=org&from=" + FROM + "&to=" + TO);
        JsonNode snapshot = api("/api/v1/snapshot?scope=org&date=" + TODAY);
        for (JsonNode group : List.of(metrics.path("dora"), metrics.path("security"), metrics.path("debt_flow"),
                snapshot.path("coverage"), snapshot.path("debt"), snapshot.path("coverage").path("asset_coverage"))) {
            group.fieldNames().forEachRemaining(anchors::add);
        }
        anchors.remove("service_practices"); // shown as the heat map, whose practices link to "practices"
        anchors.remove("by_tier"); // shown as the tierN_practice_coverage figures
        anchors.remove("asset_coverage"); // a group; its members are checked
        browser.get(base + "/definitions.html");
        List<String> missing = new ArrayList<>();
        for (String anchor : anchors) {
            if (browser.findElements(By.id(anchor)).isEmpty()) {
                missing.add(anchor);
            }
        }
        assertThat(missing).as("numbers without a definition").isEmpty();
        assertThat(anchors).hasSizeGreaterThan(40);
    }

    // ---------------------------------------------------------------- helpers

    private static void open(String path) {
        browser.get(base + path);
        page.waitForRender("org");
    }

    private static void assertPercent(String shown, Double expected) {
        assertThat(shown).endsWith("%");
        assertThat(Double.parseDouble(shown.replace("%", ""))).isCloseTo(expected * 100, within(0.051));
    }

    /** Every number of the scoped panels by metric and position, for "did anything change" (alerts are the whole org's and move on their own). */
    private static Map<String, String> numbers() {
        Map<String, String> all = new LinkedHashMap<>();
        List<WebElement> numbers = browser.findElements(By.cssSelector("[data-panel]:not([data-panel=alerts]) a.num"));
        for (int i = 0; i < numbers.size(); i++) {
            all.put(i + " " + numbers.get(i).getAttribute("data-metric"), numbers.get(i).getText());
        }
        return all;
    }

    private String tier1Service() {
        return reference.services().stream().filter(catalogued::contains)
                .filter(s -> "TIER_1".equals(reference.tierOf(s))).sorted().findFirst().orElseThrow();
    }

    /** Alerts and the report come from another part of the product: shown when served, a clear note when not. */
    private static void assertOptionalPanel(String panel, String endpoint, String contentSelector) {
        boolean served;
        try {
            served = api("/api/v1").path("endpoints").toString().contains("\"" + endpoint + "\"");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        WebElement box = page.panel(panel);
        if (served) {
            assertThat(box.findElements(By.cssSelector(contentSelector))).as(panel + " content").isNotEmpty();
        } else {
            assertThat(box.getText()).as(panel).contains("not available from this server");
        }
    }

    private static JsonNode metrics(String scope) {
        try {
            return api("/api/v1/metrics?scope=" + scope + "&from=" + FROM + "&to=" + TO);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

}
