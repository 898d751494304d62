package com.devsecopsmetrics.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/dsm bench} end to end at a tiny size: two warm-up stacks, the measured stack, the queries, the broker counts. */
class BenchmarkIT {
    @TempDir
    Path dir;

    @Test
    void reportsEveryFigureItPromises() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Benchmark.run(new Benchmark.Settings(4, 30, 7, 5, dir, freePort(), freePort(), 2, 2, Benchmark.Modes.PIPELINE),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("warm-up 1 of 2: 2 services x 30 days in a separate stack")
                .contains("warm-up 2 of 2: 2 services x 30 days in a separate stack");
        Matcher produced = Pattern.compile("produced ([0-9,]+) events \\(4 services x 30 days\\)").matcher(out);
        assertThat(produced.find()).as(out).isTrue();
        assertThat(Long.parseLong(produced.group(1).replace(",", ""))).isPositive();
        assertThat(Pattern.compile("processed to lag 0 in [0-9.]+ s from the first produce: [0-9,]+ events/s under exactly_once_v2")
                .matcher(out).results().count()).as(out).isEqualTo(3); // the two warm-ups' and the measured run's
        assertThat(out).contains("JIT compilation in that time:")
                .containsPattern("GET /api/v1/metrics\\?scope=org over 90 days, 5 queries: p50 [0-9.]+ ms, p99 [0-9.]+ ms")
                .containsPattern("GET /api/v1/snapshot\\?scope=org as of 60 days back, 5 queries: p50 [0-9.]+ ms")
                .containsPattern("GET /api/v1/services/\\{id\\} \\([0-9]+ services in turn\\), 5 queries: p50 [0-9.]+ ms")
                .containsPattern("footprint: state dir [0-9,]+ MiB on disk; process resident [0-9,]+ MiB")
                .containsPattern("calibration topology .*: [0-9,]+ events in [0-9.]+ s, [0-9,]+ events/s")
                .containsPattern("product / calibration topology: [0-9.]+ \\(")
                .containsPattern("broker offsets written: [0-9,]+ in all, [0-9.]+ per input event; [0-9,.]+ MB in the log dirs")
                .containsPattern("devsecops\\.metrics\\.daily +[0-9,]+ +[0-9.]+ per event +[0-9,.]+ MB");
    }

    /** The user's path: JSON Lines through one {@code dsm load DIR} in a JVM of its own, then live events, then a restore. */
    @Test
    void measuresTheUsersPathFreshnessAndRestore() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Benchmark.run(new Benchmark.Settings(4, 30, 7, 5, dir, freePort(), freePort(), 2, 2, new Benchmark.Modes(true, 2, true)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).doesNotContain("warm-up") // the user's path starts cold
                .containsPattern("user's path: [0-9,]+ events as JSON Lines \\(4 services x 30 days\\)")
                .containsPattern("  findings +[0-9,]+ lines in +([0-9.]+ s: [0-9,]+ lines/s|under 0\\.05 s)\n")
                .doesNotContain("Infinity")
                .containsPattern("dsm load DIR, all kinds in one run \\(its JVM start included\\): [0-9,]+ lines in [0-9.]+ s")
                .containsPattern("end to end, first line loaded to final org numbers: [0-9.]+ s \\(lag 0 after [0-9.]+ s\\)")
                .containsPattern("GET /api/v1/metrics\\?scope=org over 90 days, 5 queries")
                .containsPattern("snapshot topic complete \\(its end offsets then unchanged for 6 s\\) [0-9.]+ s after the first line loaded: "
                        + "[1-9][0-9,]* records; the application's process CPU to then \\(the queries above included\\): [0-9.]+ s")
                .containsPattern("product / calibration topology: [0-9.]+")
                .containsPattern("first live event after the backfill: visible in the org answer after [0-9.]+ s")
                .containsPattern("live trickle of 200 events/s for 2 s: 400 of 400 visible; produce to visible p50 [0-9.]+ s, p99 [0-9.]+ s")
                .containsPattern("restore: state dir deleted and the instance restarted; every answer back and equal after [0-9.]+ s")
                .containsPattern("standby: a second instance started; its standby copies of every store caught up after [0-9.]+ s")
                .containsPattern("standby takeover: the first instance stopped; the second answered every query equal after [0-9.]+ s");
    }
}
