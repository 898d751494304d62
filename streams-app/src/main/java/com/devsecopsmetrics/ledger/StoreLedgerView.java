package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.metrics.coverage.LedgerView;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/** A {@link LedgerView} over the stores of one task, for the processor itself, queries and tests. */
public record StoreLedgerView(ReadOnlyKeyValueStore<String, Service> catalogue, ReadOnlyKeyValueStore<String, byte[]> evidence,
                              ReadOnlyKeyValueStore<String, DebtState> debtDays,
                              ReadOnlyKeyValueStore<String, String> findingTimelines) implements LedgerView {

    @Override
    public Service catalogueEntry(String service) {
        return catalogue.get(service);
    }

    @Override
    public PracticeEvidence evidence(String service, LocalDate first, LocalDate last) {
        return EvidenceMonths.of(evidence, service, first.toEpochDay(), last.toEpochDay());
    }

    @Override
    public DebtState debtAsOf(String service, LocalDate date) {
        return SnapshotDebt.asOf(debtDays, service, date).getOrDefault(SnapshotDebt.NO_TIER, new DebtState());
    }

    @Override
    public Map<String, String> findingTimelines(String service) {
        Map<String, String> byFinding = new TreeMap<>();
        try (KeyValueIterator<String, String> it = findingTimelines.range(LedgerKeys.prefix(service), LedgerKeys.prefix(service) + '\uffff')) {
            it.forEachRemaining(kv -> byFinding.put(LedgerKeys.split(kv.key)[1], kv.value));
        }
        return byFinding;
    }
}
