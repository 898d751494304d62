package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A full-size organisation streams through; prints volumes and time (timing is not asserted). */
class GenerationVolumeTest {

    @Test
    void thousandServicesForAYear() {
        OrganisationSpec spec = new OrganisationSpec(1000, 365, 42L, Instant.parse("2026-03-01T00:00:00Z"));
        Map<EventKind, Long> counts = new TreeMap<>();
        long started = System.nanoTime();
        SyntheticOrganisation.generate(spec, (kind, event) -> counts.merge(kind, 1L, Long::sum));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("1000 services x 365 days: %d events in %d ms %s%n", total, elapsedMs, counts);

        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(java.util.List.of(EventKind.values()));
        assertThat(total).isBetween(500_000L, 6_000_000L);
    }

    @Test
    void moderateOrganisationVolumes() {
        OrganisationSpec spec = new OrganisationSpec(30, 120, 7L, Instant.parse("2026-03-01T00:00:00Z"));
        Map<EventKind, Long> counts = new TreeMap<>();
        SyntheticOrganisation.generate(spec, (kind, event) -> counts.merge(kind, 1L, Long::sum));
        System.out.printf("30 services x 120 days: %d events %s%n",
                counts.values().stream().mapToLong(Long::longValue).sum(), counts);
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(java.util.List.of(EventKind.values()));
    }
}
