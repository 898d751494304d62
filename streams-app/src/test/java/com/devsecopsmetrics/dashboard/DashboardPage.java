package com.devsecopsmetrics.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dashboard's browser tests read off a page: its render state (body[data-state]), panels, numbers, console. */
final class DashboardPage {
    static final Duration RENDER = Duration.ofSeconds(30);

    private final ChromeDriver browser;

    DashboardPage(ChromeDriver browser) {
        this.browser = browser;
    }

    /** Waits until the dashboard has rendered {@code scope}; a page that failed fails the test with its banner. */
    void waitForRender(String scope) {
        new WebDriverWait(browser, RENDER).until(d -> {
            String state = body().getAttribute("data-state");
            assertThat(state).as(() -> "dashboard failed: " + d.findElement(By.id("banner")).getText()).isNotEqualTo("error");
            return "ready".equals(state) && scope.equals(body().getAttribute("data-scope"));
        });
    }

    void waitForState(String state) {
        new WebDriverWait(browser, RENDER).until(d -> state.equals(body().getAttribute("data-state")));
    }

    WebElement body() {
        return browser.findElement(By.tagName("body"));
    }

    WebElement panel(String name) {
        return browser.findElement(By.cssSelector("[data-panel='" + name + "']"));
    }

    /** The text of a panel's number for {@code metric}. */
    String shown(String panel, String metric) {
        return panel(panel).findElement(By.cssSelector("a.num[data-metric='" + metric + "']")).getText();
    }

    long count(String panel, String metric) {
        return Long.parseLong(shown(panel, metric).replace(",", ""));
    }

    /**
     * The SEVERE browser log entries since the last call (console.error, uncaught exceptions, failed loads, CSP
     * violations), without the failed loads answered with {@code expectedStatus} when a step provokes one on purpose
     * (a 401 before signing in, say); a CSP violation counts at any level.
     */
    List<String> consoleErrors(String expectedStatus) {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            boolean expected = expectedStatus != null && message.contains("the server responded with a status of " + expectedStatus);
            if (message.contains("Content Security Policy") || entry.getLevel().intValue() >= Level.SEVERE.intValue() && !expected) {
                errors.add(message);
            }
        }
        return errors;
    }
}
