package com.devsecopsmetrics.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** (The tools' payloads are the connectors module's copy of the shared fixtures.) The scan {@link WebLink#isPlain} must accept nothing {@link java.net.URI} would refuse, and the answer must not change. */
class WebLinkTest {
    private static final String[] SCHEMES = {"http://", "https://", "HTTPS://", "ftp://", "http:/", "http:", "", "mailto:", "https:///"};
    private static final String[] TOKENS = {"a", "b", "z", "Q", "0", "7", "9", "-", ".", "..", ":", "/", "//", "?", "#", "%", "%2F", "%zz",
            "@", "_", "~", "[", "]", "[::1]", " ", "é", "80", "8080", "99999", "123456", "1.2.3.4", "1.2.3.a", "example", "com", "x-y",
            "&", "=", "+", "$", ",", ";", "!", "*", "'", "(", ")", "\"", "<", ">", "\\", "^", "`", "{", "|", "}", "\t", "user:pw@"};

    @Test
    void agreesWithUriOnRandomTexts() {
        Random random = new Random(20261206);
        int plain = 0;
        for (int i = 0; i < 300_000; i++) {
            // Half of the texts start as a link usually does, so that the scan's own paths are tried too.
            StringBuilder text = new StringBuilder(i % 2 == 0 ? "https://" : SCHEMES[random.nextInt(SCHEMES.length)]);
            if (i % 2 == 0) {
                text.append(random.nextBoolean() ? "example.com" : "a-b.example");
            }
            for (int t = random.nextInt(10); t >= 0; t--) {
                text.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            String value = text.toString();
            boolean byUri = WebLink.parsesWithHost(value);
            if (WebLink.isPlain(value)) {
                plain++;
                assertThat(byUri).as("URI must accept what the scan accepts: %s", value).isTrue();
            }
            assertThat(WebLink.isValid(value)).as(value).isEqualTo(byUri);
        }
        assertThat(plain).as("the scan is exercised").isGreaterThan(5_000);
    }

    @Test
    void theUsualLinksTakeTheScan() {
        for (String link : List.of("https://github.com/acme/pay-api/pull/42", "http://localhost:8080/x?y=1&z=2",
                "https://gitlab.example.com/group/project/-/merge_requests/7", "https://a.b.", "https://scanner.acme.io/runs/1;v=2")) {
            assertThat(WebLink.isPlain(link)).as(link).isTrue();
            assertThat(WebLink.parsesWithHost(link)).as(link).isTrue();
        }
        for (String link : List.of("https://1.2.3.4/x", "https://host/a%20b", "https://host/#frag", "https://user@host/", "HTTPS://host")) {
            assertThat(WebLink.isPlain(link)).as(link).isFalse();
            assertThat(WebLink.isValid(link)).as(link).isEqualTo(WebLink.parsesWithHost(link)).isTrue();
        }
        for (String bad : List.of("https://-a.com/", "https://a_b.com/", "javascript:alert(1)", "https://", "https://a.1/")) {
            assertThat(WebLink.isValid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void agreesWithUriOnTheLinksOfTheToolFixtures() throws IOException {
        Pattern quoted = Pattern.compile("\"(https?://[^\"\\\\]*)\"");
        List<String> links = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("../connectors/src/test/fixtures"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = quoted.matcher(Files.readString(file));
                while (m.find()) {
                    links.add(m.group(1));
                }
            }
        }
        assertThat(links).hasSizeGreaterThan(50);
        links.forEach(link -> assertThat(WebLink.isValid(link)).as(link).isEqualTo(WebLink.parsesWithHost(link)));
        assertThat(links.stream().filter(WebLink::isPlain).count()).isGreaterThan(links.size() / 2);
    }
}
