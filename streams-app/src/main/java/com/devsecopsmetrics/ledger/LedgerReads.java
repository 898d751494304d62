package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.LedgerView;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.metrics.debt.DebtState;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the ledger's readers (the alert reporter, the snapshot queries) read of one task's stores. Store names and key
 * formats stay with the ledger, which writes them: a reader only says how it opens a store of the task it reads.
 */
public final class LedgerReads {
    /** The stores a processor reading through this must be connected to. */
    public static final List<String> STORES = List.of(CatalogueTopology.STORE, LedgerStores.ASSIGNMENTS, LedgerStores.SERVICE_DAYS,
            LedgerStores.DAY_DEPLOYMENTS, LedgerStores.PRACTICE_EVIDENCE, LedgerStores.SERVICE_DEBT_DAYS,
            LedgerStores.FINDING_TIMELINES, LedgerStores.TIMELINE_VERSIONS);

    private final Function<String, Object> open;
    private final Map<String, Object> opened = new HashMap<>();
    private StoreLedgerView view;

    /** @param open a store of the task by name: the processor context's, or an interactive query's of one partition */
    public LedgerReads(Function<String, Object> open) {
        this.open = open;
    }

    @SuppressWarnings("unchecked")
    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return (ReadOnlyKeyValueStore<String, V>) opened.computeIfAbsent(name, open);
    }

    /** The services the task knows: those with figures (they have a scope assignment) and those in the catalogue. */
    public TreeSet<String> services() {
        return KnownServices.of(store(LedgerStores.ASSIGNMENTS), store(CatalogueTopology.STORE));
    }

    /** The same in the stores' key order, given the catalogue as {@link #catalogue()} read it. */
    public List<String> services(Map<String, Service> catalogue) {
        return KnownServices.inKeyOrder(store(LedgerStores.ASSIGNMENTS), catalogue.keySet());
    }

    /** Whether the task holds figures or a catalogue entry of the service. */
    public boolean knows(String service) {
        return store(LedgerStores.ASSIGNMENTS).get(service) != null || catalogueEntry(service) != null;
    }

    public Service catalogueEntry(String service) {
        return this.<Service>store(CatalogueTopology.STORE).get(service);
    }

    /** service -> its catalogue entry, in the store's key order, for a reader that goes through every service. */
    public Map<String, Service> catalogue() {
        Map<String, Service> entries = new LinkedHashMap<>();
        try (KeyValueIterator<String, Service> it = this.<Service>store(CatalogueTopology.STORE).all()) {
            it.forEachRemaining(kv -> entries.put(kv.key, kv.value));
        }
        return entries;
    }

    /** service -> its scanning and release evidence of at least the days {@code first} to {@code last}, for a reader of every service. */
    public Map<String, PracticeEvidence> evidence(LocalDate first, LocalDate last) {
        return EvidenceMonths.all(store(LedgerStores.PRACTICE_EVIDENCE), first.toEpochDay(), last.toEpochDay());
    }

    /** One service's catalogue entry, evidence, debt and finding timelines, as a snapshot reads them. */
    public LedgerView view() {
        if (view == null) {
            view = new StoreLedgerView(store(CatalogueTopology.STORE), store(LedgerStores.PRACTICE_EVIDENCE),
                    store(LedgerStores.SERVICE_DEBT_DAYS), store(LedgerStores.FINDING_TIMELINES));
        }
        return view;
    }

    /** tier -> this task's share of a roll-up scope's open and accepted findings as of the end of {@code date}. */
    public Map<String, DebtState> scopeDebtAsOf(String rollupName, LocalDate date) {
        return SnapshotDebt.scopeAsOf(store(LedgerStores.SCOPE_DEBT_DAYS), rollupName, date);
    }

    /** How many times the service's finding timelines changed, or null before the first. */
    public Long timelineVersion(String service) {
        return this.<Long>store(LedgerStores.TIMELINE_VERSIONS).get(service);
    }

    /**
     * Every stored event of one finding (null if none), for what the tools said of it. Read by queries only: the
     * alert reporter is not connected to the findings store.
     */
    public List<Finding> findingEvents(String service, String findingId) {
        return this.<List<Finding>>store(LedgerStores.FINDINGS).get(LedgerKeys.of(service, findingId));
    }

    /** One finding's encoded state timeline, or null. */
    public String findingTimeline(String service, String findingId) {
        return this.<String>store(LedgerStores.FINDING_TIMELINES).get(LedgerKeys.of(service, findingId));
    }

    /**
     * Reads a service's day rows from epoch day {@code from} to {@code last} into {@code rows}, and with
     * {@code withDeployments} each day's production deployments (a day-deployments value) into {@code deployments}.
     */
    public void readDays(String service, long from, long last, boolean withDeployments, Map<Long, DayFigures> rows,
                         Map<Long, String> deployments) {
        ReadOnlyKeyValueStore<String, DayFigures> serviceDays = store(LedgerStores.SERVICE_DAYS);
        ReadOnlyKeyValueStore<String, String> dayDeployments = store(LedgerStores.DAY_DEPLOYMENTS);
        if (last - from < 4) {
            // A few days: point reads, as a range over a cached store costs more to open than a few gets.
            for (long d = from; d <= last; d++) {
                String key = LedgerKeys.of(service, LocalDate.ofEpochDay(d).toString());
                DayFigures row = serviceDays.get(key);
                if (row != null) {
                    rows.put(d, row);
                }
                String deployed = withDeployments ? dayDeployments.get(key) : null;
                if (deployed != null) {
                    deployments.put(d, deployed);
                }
            }
        } else {
            String lower = LedgerKeys.of(service, LocalDate.ofEpochDay(from).toString());
            String upper = LedgerKeys.of(service, LocalDate.ofEpochDay(last).toString());
            try (KeyValueIterator<String, DayFigures> it = serviceDays.range(lower, upper)) {
                it.forEachRemaining(kv -> rows.put(LedgerKeys.epochDay(LedgerKeys.split(kv.key)[1]), kv.value));
            }
            if (withDeployments) {
                try (KeyValueIterator<String, String> it = dayDeployments.range(lower, upper)) {
                    it.forEachRemaining(kv -> deployments.put(LedgerKeys.epochDay(LedgerKeys.split(kv.key)[1]), kv.value));
                }
            }
        }
    }
}
