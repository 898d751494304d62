package com.devsecopsmetrics.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line: rewritten in place on a terminal, plain lines elsewhere; notes never lost inside it. */
class ProgressLineTest {
    @Test
    void onATerminalTheLineIsRewrittenAndANoteStartsItsOwnLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        line.fetched("github:a/b", "commits", 100);
        line.note("github:a/b: code scanning alerts not read");
        line.sent("github:a/b", 1, 4, 3);
        line.sent("github:a/b", 4, 4, 9);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\r\033[Kgithub:a/b: reading commits: 100\n"
                + "github:a/b: code scanning alerts not read\n"
                + "\r\033[Kgithub:a/b: 1/4 changes replayed, 3 events written"
                + "\r\033[Kgithub:a/b: 4/4 changes replayed, 9 events written\n");
    }

    @Test
    void offATerminalPlainLinesAtMostEveryFewSecondsAndTheLast() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 1; i <= 50; i++) {
            line.fetched("pagerduty", "incidents", i * 100L);
        }
        line.sent("pagerduty", 10, 10, 20);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r")
                .isEqualTo("pagerduty: reading incidents: 100\npagerduty: 10/10 changes replayed, 20 events written\n");
    }
}
