package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ledger.DayFigures;
import com.devsecopsmetrics.ledger.LedgerKeys;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link LedgerView} over the stores of one task, for the processor itself (and tests). */
public final class StoreLedgerView implements LedgerView {
    private final ReadOnlyKeyValueStore<String, Service> catalogue;
    private final ReadOnlyKeyValueStore<String, DayFigures> serviceDays;
    private final ReadOnlyKeyValueStore<String, String> dayDeployments;
    private final ReadOnlyKeyValueStore<String, String> findingTimelines;

    public StoreLedgerView(ReadOnlyKeyValueStore<String, Service> catalogue, ReadOnlyKeyValueStore<String, DayFigures> serviceDays,
                           ReadOnlyKeyValueStore<String, String> dayDeployments, ReadOnlyKeyValueStore<String, String> findingTimelines) {
        this.catalogue = catalogue;
        this.serviceDays = serviceDays;
        this.dayDeployments = dayDeployments;
        this.findingTimelines = findingTimelines;
    }

    @Override
    public Service catalogueEntry(String service) {
        return catalogue.get(service);
    }

    @Override
    public DayFigures days(String service, LocalDate from, LocalDate toInclusive) {
        DayFigures sum = new DayFigures();
        try (KeyValueIterator<String, DayFigures> it = serviceDays.range(LedgerKeys.of(service, from.toString()),
                LedgerKeys.of(service, toInclusive.toString()))) {
            it.forEachRemaining(kv -> sum.merge(kv.value, 1));
        }
        return sum;
    }

    @Override
    public List<String> dayDeployments(String service, LocalDate from, LocalDate toInclusive) {
        List<String> values = new ArrayList<>();
        try (KeyValueIterator<String, String> it = dayDeployments.range(LedgerKeys.of(service, from.toString()),
                LedgerKeys.of(service, toInclusive.toString()))) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
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
