package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.reference.ReferenceMetrics;

import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An organisation's history made by {@code dsm generate} and sent by {@code dsm load}, kind after kind, as a user
 * would backfill it; the same files give the independent computation.
 */
public final class GeneratedHistory {
    private final Path dir;
    private final LocalDate lastDay;
    private final int days;

    private GeneratedHistory(Path dir, LocalDate lastDay, int days) {
        this.dir = dir;
        this.lastDay = lastDay;
        this.days = days;
    }

    public static GeneratedHistory generate(Path dir, int services, int days, long seed, LocalDate lastDay) {
        assertThat(CliRunner.run("generate", "--services", String.valueOf(services), "--days", String.valueOf(days),
                "--seed", String.valueOf(seed), "--end", lastDay.toString(), "--out", dir.toString()).exitCode()).isZero();
        return new GeneratedHistory(dir, lastDay, days);
    }

    /** Every kind, the catalogue first; none of it may be rejected. */
    public GeneratedHistory loadInto(String bootstrap) {
        for (String kind : ReferenceMetrics.KINDS) {
            assertThat(CliRunner.run("load", "--topic", kind, "--bootstrap-server", bootstrap, dir.resolve(kind + ".jsonl").toString())
                    .out()).as(kind).contains(" 0 rejected");
        }
        return this;
    }

    public ReferenceMetrics reference() {
        return ReferenceMetrics.fromDirectory(dir);
    }

    public LocalDate firstDay() {
        return lastDay.minusDays(days - 1);
    }

    public LocalDate lastDay() {
        return lastDay;
    }
}
