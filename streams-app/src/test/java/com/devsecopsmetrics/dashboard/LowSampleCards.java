package com.devsecopsmetrics.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What DashboardBrowserIT checks of issue 19 item 4 on the page: thin figures marked, the report's evidence shown. */
final class LowSampleCards {
    /** Each card with a rate or percentile and the count behind it in the metrics answer's {@code samples}. */
    static final Map<String, String> SAMPLE_OF_CARD = Map.of("lead_time_hours_p50", "lead_time_samples",
            "change_failure_rate", "deployments", "time_to_restore_hours_p50", "incidents_resolved", "rework_rate", "deployments",
            "release_evidence_rate", "deployments", "gate_bypass_rate", "gated_deployments",
            "exploitable_remediation_days_p50", "exploitable_remediations", "fix_to_intake_ratio", "intake");

    private LowSampleCards() {
    }

    /** The cards a metrics answer makes low-sample (0 < n < min_sample), with their n. */
    static Map<String, Long> expected(JsonNode metrics) {
        Map<String, Long> low = new TreeMap<>();
        long min = metrics.path("min_sample").asLong();
        assertThat(min).as("min_sample in the metrics answer").isPositive();
        SAMPLE_OF_CARD.forEach((card, sample) -> {
            long n = metrics.path("samples").path(sample).asLong();
            if (n > 0 && n < min) {
                low.put(card, n);
            }
        });
        return low;
    }

    /** Exactly the expected cards carry the class low-sample and a visible "low sample (n=N)". */
    static void assertMarked(WebDriver browser, Map<String, Long> expected) {
        Map<String, Long> shown = new TreeMap<>();
        for (WebElement card : browser.findElements(By.cssSelector(".card.low-sample"))) {
            String note = card.findElement(By.cssSelector(".low-sample-note")).getText();
            assertThat(note).matches("low sample \\(n=\\d+\\)");
            shown.put(card.getAttribute("data-card"), Long.parseLong(note.replaceAll("\\D", "")));
        }
        assertThat(shown).isEqualTo(expected);
    }

    /** The report panel shows the team's report, the organisation's figures beside, and each talking point's evidence. */
    static void assertTeamReport(WebDriver browser, String team) {
        WebElement report = browser.findElement(By.id("report-document"));
        assertThat(report.getAttribute("data-scope")).isEqualTo(team);
        assertThat(report.findElements(By.cssSelector("table.figures th"))).extracting(WebElement::getText).contains("organisation");
        assertThat(browser.findElements(By.cssSelector("#report-talking-points li"))).isNotEmpty()
                .allSatisfy(li -> assertThat(li.findElement(By.cssSelector(".evidence")).getText()).startsWith("evidence: "));
        assertThat(browser.findElement(By.id("report-md")).getText()).isNotBlank();
    }
}
