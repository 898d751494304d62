package com.devsecopsmetrics.dashboard;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium driven by Debian's chromedriver. Both paths are given explicitly, so Selenium
 * Manager never runs and nothing downloads a browser. A machine without them fails the test, with the fix.
 */
final class SystemChromium {
    static final Path BROWSER = Path.of(System.getProperty("dsm.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("dsm.chromedriver", "/usr/bin/chromedriver"));

    private SystemChromium() {
    }

    static ChromeDriver start(Path profile) {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            fail("The dashboard's browser tests need Debian's Chromium and ChromeDriver at " + BROWSER + " and " + DRIVER
                    + " (or -Ddsm.chromium=... -Ddsm.chromedriver=...). Install them with"
                    + " 'apt-get install -y chromium chromium-driver'; .ci/run does this when they are missing.");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // The background-networking flags keep Chromium from calling out of this closed network at every start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--window-size=1366,900", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
