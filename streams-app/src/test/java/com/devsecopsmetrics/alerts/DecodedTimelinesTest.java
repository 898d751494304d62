package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.debt.FindingHistory;
import com.devsecopsmetrics.debt.TimelineCodec;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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

        Map<String, List<FindingHistory.StatePoint>> first = timelines.of("svc", 1L, () -> {
            reads.incrementAndGet();
            return Map.copyOf(stored);
        });
        assertThat(first.get("f1")).isEqualTo(TimelineCodec.decode(stored.get("f1")));
        assertThat(timelines.of("svc", 1L, () -> Map.copyOf(stored))).isSameAs(first);

        stored.put("f2", opened("2026-01-02T00:00:00Z", Severity.CRITICAL));
        stored.put("f3", opened("2026-01-03T00:00:00Z", Severity.MEDIUM));
        Map<String, List<FindingHistory.StatePoint>> second = timelines.of("svc", 2L, () -> {
            reads.incrementAndGet();
            return Map.copyOf(stored);
        });
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
        timelines.of("a", 1L, () -> {
            reads.incrementAndGet();
            return Map.of();
        });
        timelines.retainOnly(Set.of("b"));
        timelines.of("a", 1L, () -> {
            reads.incrementAndGet();
            return Map.of();
        });
        assertThat(reads).hasValue(2);
    }
}
