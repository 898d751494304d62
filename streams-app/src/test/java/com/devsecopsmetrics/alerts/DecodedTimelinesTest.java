package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.FindingHistory;
import com.devsecopsmetrics.metrics.debt.TimelineCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class DecodedTimelinesTest {
    private static String opened(String at, Severity severity) {
        Instant t = Instant.parse(at);
        return TimelineCodec.encode(List.of(new FindingHistory.StatePoint(t, FindingHistory.State.OPEN, t, severity, Exploitability.LIKELY)));
    }

    @Test
    void readsTheStoreAgainOnlyWhenTheVersionMovedAndDecodesOnlyChangedTimelines() {
        Map<String, String> stored = new HashMap<>(Map.of(
                "f1", opened("2026-01-01T00:00:00Z", Severity.HIGH),
                "f2", opened("2026-01-02T00:00:00Z", Severity.LOW)));
        AtomicInteger reads = new AtomicInteger();
        DecodedTimelines timelines = new DecodedTimelines();

        Map<String, List<FindingHistory.StatePoint>> first = timelines.of("svc", 1L, null, () -> {
            reads.incrementAndGet();
            return Map.copyOf(stored);
        }, stored::get);
        assertThat(first.get("f1")).isEqualTo(TimelineCodec.decode(stored.get("f1")));
        assertThat(timelines.of("svc", 1L, null, () -> Map.copyOf(stored), stored::get)).isSameAs(first);

        stored.put("f2", opened("2026-01-02T00:00:00Z", Severity.CRITICAL));
        stored.put("f3", opened("2026-01-03T00:00:00Z", Severity.MEDIUM));
        Map<String, List<FindingHistory.StatePoint>> second = timelines.of("svc", 2L, null, () -> {
            reads.incrementAndGet();
            return Map.copyOf(stored);
        }, stored::get);
        assertThat(reads).hasValue(2);
        assertThat(second.get("f1")).isSameAs(first.get("f1"));
        assertThat(second.get("f2")).isEqualTo(TimelineCodec.decode(stored.get("f2")));
        assertThat(second.get("f2").get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(second).containsOnlyKeys("f1", "f2", "f3");
    }

    @Test
    void forgetsServicesNoLongerReported() {
        DecodedTimelines timelines = new DecodedTimelines();
        AtomicInteger reads = new AtomicInteger();
        timelines.of("a", 1L, null, () -> {
            reads.incrementAndGet();
            return Map.of();
        }, id -> null);
        timelines.retainOnly(Set.of("b"));
        timelines.of("a", 1L, null, () -> {
            reads.incrementAndGet();
            return Map.of();
        }, id -> null);
        assertThat(reads).hasValue(2);
    }

    @Test
    void readsOnlyTheTimelinesTheLedgerChangedAndEndsAsAFullReadWould() {
        Map<String, String> stored = new HashMap<>(Map.of(
                "f1", opened("2026-01-01T00:00:00Z", Severity.HIGH),
                "f2", opened("2026-01-02T00:00:00Z", Severity.LOW),
                "f3", opened("2026-01-03T00:00:00Z", Severity.LOW)));
        AtomicInteger fullReads = new AtomicInteger();
        java.util.List<String> pointReads = new java.util.ArrayList<>();
        DecodedTimelines timelines = new DecodedTimelines();
        Map<String, List<FindingHistory.StatePoint>> first = timelines.of("svc", 1L, Set.of(), () -> {
            fullReads.incrementAndGet();
            return Map.copyOf(stored);
        }, id -> {
            pointReads.add(id);
            return stored.get(id);
        });
        assertThat(fullReads).hasValue(1); // nothing kept yet: everything is read
        List<FindingHistory.StatePoint> f1 = first.get("f1");

        stored.put("f2", opened("2026-01-02T00:00:00Z", Severity.CRITICAL));
        stored.remove("f3");
        stored.put("f4", opened("2026-01-04T00:00:00Z", Severity.MEDIUM));
        Map<String, List<FindingHistory.StatePoint>> second = timelines.of("svc", 4L, Set.of("f2", "f3", "f4"), () -> {
            fullReads.incrementAndGet();
            return Map.copyOf(stored);
        }, id -> {
            pointReads.add(id);
            return stored.get(id);
        });
        assertThat(fullReads).hasValue(1);
        assertThat(pointReads).containsExactlyInAnyOrder("f2", "f3", "f4");
        assertThat(second.get("f1")).isSameAs(f1);
        Map<String, List<FindingHistory.StatePoint>> expected = new HashMap<>();
        stored.forEach((id, value) -> expected.put(id, TimelineCodec.decode(value)));
        assertThat(second).isEqualTo(expected);

        // A moved version with no change recorded (the ledger could not say) reads everything again.
        stored.put("f1", opened("2026-01-01T00:00:00Z", Severity.LOW));
        Map<String, List<FindingHistory.StatePoint>> third = timelines.of("svc", 5L, null, () -> {
            fullReads.incrementAndGet();
            return Map.copyOf(stored);
        }, id -> fail("a point read"));
        assertThat(fullReads).hasValue(2);
        assertThat(third.get("f1").get(0).severity()).isEqualTo(Severity.LOW);
    }
}
