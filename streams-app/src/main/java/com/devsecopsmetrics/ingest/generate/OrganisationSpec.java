package com.devsecopsmetrics.ingest.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What synthetic organisation to generate: how many services, how many days of history ending at
 * {@code end}, and the seed that makes the whole history reproducible.
 */
public record OrganisationSpec(int services, int days, long seed, Instant end, boolean expiringAcceptances) {

    /**
     * Without acceptances that expire ({@code accepted_until}): the organisations pinned before that field existed.
     * With them, some acceptances carry the time the finding comes back, instead of or besides a REOPENED then.
     */
    public OrganisationSpec(int services, int days, long seed, Instant end) {
        this(services, days, seed, end, false);
    }

    public OrganisationSpec {
        if (services < 1) {
            throw new IllegalArgumentException("services must be at least 1, was " + services);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        Objects.requireNonNull(end, "end");
    }

    /** The first instant of the history: {@code days} days before {@link #end()}. */
    public Instant start() {
        return end.minus(Duration.ofDays(days));
    }
}
