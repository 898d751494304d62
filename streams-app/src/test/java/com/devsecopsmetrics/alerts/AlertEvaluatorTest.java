package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.config.AlertSettings;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.outputs.Alert;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluator judges a scope only when every partition has reported, on the sum of their figures, as of the earliest day. */
class AlertEvaluatorTest {
    static final AlertSettings TWO_PARTITIONS = new AlertSettings(7, 28, 2, 3,
            Map.of(Severity.CRITICAL, 7, Severity.HIGH, 30, Severity.MEDIUM, 90, Severity.LOW, 120), 0.05, 7, 30, 2, Duration.ofSeconds(10));
    static final LocalDate DAY = LocalDate.parse("2026-02-07");
    MockProcessorContext<String, Alert> context;
    AlertEvaluator evaluator;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        for (String name : List.of(AlertTopology.ALERTS_STORE, AlertTopology.REPORTS_STORE, AlertTopology.PROGRESS_STORE)) {
            KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.String())
                    .withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        evaluator = new AlertEvaluator(TWO_PARTITIONS);
        evaluator.init(context);
    }

    /** A partition's org gates: one pass a day over the 35 days up to {@code day}, plus {@code bypasses} on its last three days. */
    static PartitionReport report(int partition, LocalDate day, int extraPassesPerDay, int bypasses) {
        return report(partition, day, extraPassesPerDay, bypasses, 0);
    }

    /** The same with a bypass on each of the first {@code baselineBypasses} days of the baseline window too. */
    static PartitionReport report(int partition, LocalDate day, int extraPassesPerDay, int bypasses, int baselineBypasses) {
        Map<String, long[]> gates = new TreeMap<>();
        for (int back = 0; back < 35; back++) {
            long bypassed = back < bypasses || (back >= 7 && back < 7 + baselineBypasses) ? 1 : 0;
            gates.put(day.minusDays(back).toString(), new long[]{1 + (back < 7 ? extraPassesPerDay : 0), bypassed});
        }
        var tier1 = new PartitionReport.Tier1(0, 0, 0, Map.of(), List.of());
        return new PartitionReport(partition, day.toString(), Map.of("org", new PartitionReport.ScopeFigures(gates, tier1)));
    }

    void send(PartitionReport r) {
        evaluator.process(new Record<>(AlertTopology.REPORT_KEY, r.toJson(), 0L));
    }

    @Test
    void onePartitionAloneIsNotJudgedAndTheSumOfBothIs() {
        // Partition 0 alone: 3 bypasses against 7 passes in the last week, none before: it would open.
        send(report(0, DAY, 0, 3));
        assertThat(context.forwarded()).isEmpty();
        // Partition 1: 70 passes that week and, in the 28 days before, a bypass beside each pass.
        PartitionReport busy = report(1, DAY, 9, 0);
        Map<String, long[]> gates = new TreeMap<>(busy.scopes().get("org").gates());
        for (int back = 7; back < 35; back++) {
            gates.put(DAY.minusDays(back).toString(), new long[]{1, 1});
        }
        send(new PartitionReport(1, DAY.toString(), Map.of("org", new PartitionReport.ScopeFigures(gates, busy.scopes().get("org").tier1()))));
        // Together: recent 3 bypasses of 3 + 7 + 70 = 80 gated (3.75%); baseline 28 of 84 (33%): no alert.
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void anEmptyPartitionDoesNotHoldTheEvaluationBack() {
        send(report(0, DAY, 0, 3));
        assertThat(context.forwarded()).isEmpty();
        send(new PartitionReport(1, null, Map.of()));
        assertThat(context.forwarded()).hasSize(1);
        Alert open = context.forwarded().get(0).record().value();
        assertThat(open.getStatus().name()).isEqualTo("OPEN");
        assertThat(open.getAsOf()).isEqualTo(DAY);
    }

    @Test
    void theEarliestReportedDayIsJudgedAndNeverAnEarlierOneAfterIt() {
        send(report(0, DAY.plusDays(1), 0, 4));
        send(report(1, DAY, 0, 3));
        assertThat(context.forwarded()).singleElement().satisfies(f -> assertThat(f.record().value().getAsOf()).isEqualTo(DAY));
        context.resetForwards();
        // A late report of an earlier day changes nothing; the same day again (unchanged) publishes nothing new.
        send(report(1, DAY.minusDays(1), 0, 0));
        send(report(1, DAY, 0, 3));
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aDayJudgedAgainOnLateEventsChangesAnAlertAtMostOnce() {
        // Baseline: 2 bypasses of 30 (6.7%); last week 3 of 10 (30%): it opens.
        send(report(0, DAY, 0, 3, 2));
        send(new PartitionReport(1, null, Map.of()));
        assertThat(context.forwarded()).extracting(f -> f.record().value().getStatus().name()).containsExactly("OPEN");
        context.resetForwards();
        // Late passes for the same day dilute last week to 3 of 150 (2%), then the day is judged again as before:
        // the alert opened that day stays open rather than clearing and opening again.
        send(report(0, DAY, 20, 3, 2));
        assertThat(storedStatuses()).containsExactly("OPEN");
        send(report(0, DAY, 0, 3, 2));
        assertThat(context.forwarded()).isEmpty();
        // A later day without the spike clears it once; that day judged again with the spike does not reopen it.
        send(report(0, DAY.plusDays(7), 0, 0, 2));
        send(report(0, DAY.plusDays(7), 0, 3, 2));
        assertThat(context.forwarded()).extracting(f -> f.record().value().getStatus().name() + "@" + f.record().value().getAsOf())
                .containsExactly("CLEARED@" + DAY.plusDays(7));
    }

    private List<String> storedStatuses() {
        List<String> statuses = new java.util.ArrayList<>();
        try (var it = context.<KeyValueStore<String, String>>getStateStore(AlertTopology.ALERTS_STORE).all()) {
            it.forEachRemaining(kv -> statuses.add(AlertState.fromJson(kv.value).status()));
        }
        return statuses;
    }
}
