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
        Benchmark.run(new Benchmark.Settings(4, 30, 7, 5, dir, freePort(), freePort(), 2, 2),
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
                .containsPattern("GET /api/v1/snapshot\\?scope=org as of 60 days back, 1 queries: p50 [0-9.]+ ms")
                .containsPattern("broker offsets written: [0-9,]+ in all, [0-9.]+ per input event")
                .containsPattern("devsecops\\.metrics\\.daily +[0-9,]+ +[0-9.]+ per event");
    }
}
