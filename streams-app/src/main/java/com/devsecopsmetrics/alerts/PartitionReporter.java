package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.catalogue.CatalogueChange;
import com.devsecopsmetrics.config.AlertSettings;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ledger.DayDeployments;
import com.devsecopsmetrics.ledger.LedgerReads;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.devsecopsmetrics.ledger.ServiceSnapshots;
import com.devsecopsmetrics.ledger.TimelineChanges;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.OpenFindings;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.debt.FindingHistory;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;

/**
 * Runs in each ledger task and reads its stores: whenever stream time completes a UTC day, and again while late
 * events change that day's figures, it reports that partition's share of every scope to the evaluator. It reads the stores the way the query API does
 * ({@link StoreLedgerView}, {@link ServiceSnapshots}, the service-day rows), so alert figures equal API figures.
 */
final class PartitionReporter implements Processor<String, CatalogueChange, String, String> {
    private final AlertSettings settings;
    private ProcessorContext<String, String> context;
    private LedgerReads ledger;
    private Long reportedDay;
    private String lastSent;
    /**
     * What the reports read of each service's days, so a report at a day's end reads only the newest days, not the
     * whole window: its gate outcomes, its practice evidence (tier-1 services) and its coverage by day. The
     * wall-clock refresh reads everything again, which brings in late events for older days.
     */
    private final Map<String, ServiceDays> cache = new HashMap<>();
    private final DecodedTimelines timelines = new DecodedTimelines();

    private static final class ServiceDays {
        final TreeMap<Long, long[]> gates = new TreeMap<>();
        final PracticeEvidence evidence = PracticeEvidence.decode(null);
        final TreeMap<LocalDate, Double> coverage = new TreeMap<>();
        boolean withEvidence;
        LocalDate readThrough;
    }

    private final TimelineChanges timelineChanges;

    PartitionReporter(AlertSettings settings, TimelineChanges timelineChanges) {
        this.settings = settings;
        this.timelineChanges = timelineChanges;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        lastSent = null; // a revived task reports again; the evaluator takes a partition's newest report
        reportedDay = null;
        cache.clear();
        timelines.clear();
        ledger = new LedgerReads(context::getStateStore);
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, t -> reportCompletedDay());
        context.schedule(settings.refreshInterval(), PunctuationType.WALL_CLOCK_TIME, t -> refresh());
    }

    @Override
    public void process(Record<String, CatalogueChange> record) {
        // Catalogue changes reach the stores through the ledger; the next report reflects them.
    }

    /**
     * A service's coverage as of a day, from its day rows as they are now (read into its cache): the stored evidence
     * follows the ledger's roll-up run, which a day completing in a fast backfill may not have waited for.
     */
    private ServiceSnapshot coverage(String service, ServiceDays days, LocalDate day) {
        return ServiceSnapshots.of(service, ledger.catalogueEntry(service), days.evidence, day, settings.lookbackDays());
    }

    /** Stream time entered a new day: report the day it completed. */
    private void reportCompletedDay() {
        Long completed = completedDay();
        if (completed != null && (reportedDay == null || completed > reportedDay)) {
            send(completed, false);
        }
    }

    /**
     * Late events (a backfill loaded kind by kind, say) change figures without moving stream time, so the
     * completed day is reported again on wall-clock time; only a report that differs from the last one is sent.
     * A partition without events says so, and the evaluator does not wait for it.
     */
    private void refresh() {
        Long completed = completedDay();
        if (completed == null) {
            sendIfChanged(new PartitionReport(context.taskId().partition(), null, Map.of()), context.currentSystemTimeMs());
        } else {
            send(reportedDay == null ? completed : Math.max(completed, reportedDay), true);
        }
    }

    private Long completedDay() {
        long streamTime = context.currentStreamTimeMs();
        return streamTime <= 0 ? null : Math.floorDiv(streamTime, 86_400_000L) - 1;
    }

    private void send(long completed, boolean readAll) {
        reportedDay = completed;
        LocalDate day = LocalDate.ofEpochDay(completed);
        sendIfChanged(report(day, readAll), day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    private void sendIfChanged(PartitionReport report, long timestamp) {
        String json = report.toJson();
        if (!json.equals(lastSent)) {
            lastSent = json;
            context.forward(new Record<>(AlertTopology.REPORT_KEY, json, timestamp));
        }
    }

    PartitionReport report(LocalDate day, boolean readAll) {
        Map<String, Builder> scopes = new TreeMap<>();
        long firstGate = firstGateDay(day.toEpochDay());
        TreeSet<String> services = ledger.services();
        cache.keySet().retainAll(services);
        Set<String> tier1Services = new HashSet<>();
        for (String service : services) {
            ScopeAssignment assignment = ScopeAssignment.of(ledger.catalogueEntry(service));
            List<Builder> in = List.of(scopes.computeIfAbsent("org", k -> new Builder(firstGate, settings.reportedDays())),
                    scopes.computeIfAbsent("team:" + assignment.team(), k -> new Builder(firstGate, settings.reportedDays())));
            boolean tier1 = assignment.tier() == Tier.TIER_1;
            ServiceDays days = read(service, day, readAll, tier1);
            addGates(days, in);
            if (tier1) {
                tier1Services.add(service);
                addTier1(service, days, day, readAll, in);
            }
        }
        timelines.retainOnly(tier1Services);
        timelineChanges.retainOnly(context.taskId(), timelines.services());
        Map<String, PartitionReport.ScopeFigures> figures = new TreeMap<>();
        scopes.forEach((scope, b) -> figures.put(scope, b.build()));
        return new PartitionReport(context.taskId().partition(), day.toString(), figures);
    }

    /**
     * Brings a service's cache up to {@code day}: the days since the last one read, or the whole window when asked to
     * (the wall-clock refresh, which brings in events late for days already read) or when it has none yet.
     */
    private ServiceDays read(String service, LocalDate day, boolean readAll, boolean tier1) {
        ServiceDays days = cache.computeIfAbsent(service, k -> new ServiceDays());
        long last = day.toEpochDay();
        long firstGate = firstGateDay(last);
        // The coverage baseline needs the evidence of its own lookback, that many days before the report's day.
        long firstEvidence = last - settings.coverageDays() - settings.lookbackDays() + 1;
        long first = tier1 ? Math.min(firstGate, firstEvidence) : firstGate;
        boolean whole = readAll || days.readThrough == null || days.readThrough.toEpochDay() + 1 < first
                || (tier1 && !days.withEvidence);
        long from = whole ? first : Math.min(days.readThrough.toEpochDay() + 1, last);
        days.gates.headMap(firstGate).clear();
        days.gates.subMap(from, true, last, true).clear();
        days.evidence.forgetBefore(first);
        for (long d = from; d <= last; d++) {
            days.evidence.set(d, 0);
        }
        Map<Long, DayFigures> rows = new HashMap<>();
        Map<Long, String> deployments = new HashMap<>();
        ledger.readDays(service, from, last, tier1, rows, deployments);
        rows.forEach((d, row) -> {
            long passed = row.get(DayFigures.Count.GATE_PASSED);
            long bypassed = row.get(DayFigures.Count.GATE_BYPASSED);
            if (passed + bypassed > 0 && d >= firstGate) {
                days.gates.put(d, new long[]{passed, bypassed});
            }
        });
        if (tier1) {
            for (long d = from; d <= last; d++) {
                if (rows.containsKey(d) || deployments.containsKey(d)) {
                    days.evidence.set(d, PracticeEvidence.flags(rows.get(d), DayDeployments.newestDeployment(deployments.get(d))));
                }
            }
        }
        days.withEvidence = tier1;
        days.readThrough = day;
        return days;
    }

    /** The first day whose gate outcomes a report of day {@code last} carries. */
    private long firstGateDay(long last) {
        return last - settings.reportedDays() + 1;
    }

    private static void addGates(ServiceDays days, List<Builder> scopes) {
        days.gates.forEach((date, counts) -> {
            for (Builder b : scopes) {
                b.addGates(date, counts);
            }
        });
    }

    private void addTier1(String service, ServiceDays days, LocalDate day, boolean readAll, List<Builder> scopes) {
        ServiceSnapshot now = coverage(service, days, day);
        if (!now.catalogued()) {
            return;
        }
        LocalDate baselineDay = day.minusDays(settings.coverageDays());
        TreeMap<LocalDate, Double> coverage = days.coverage;
        coverage.headMap(baselineDay).clear();
        Double before = readAll ? null : coverage.get(baselineDay);
        if (before == null) {
            before = coverage(service, days, baselineDay).practiceCoverage();
            coverage.put(baselineDay, before);
        }
        coverage.put(day, now.practiceCoverage());
        List<PartitionReport.PastSla> past = new ArrayList<>();
        Set<String> changed = timelineChanges.records(context.taskId()) ? timelineChanges.take(context.taskId(), service) : null;
        Map<String, List<FindingHistory.StatePoint>> decoded = timelines.of(service, ledger.timelineVersion(service), changed,
                () -> ledger.view().findingTimelines(service), findingId -> ledger.findingTimeline(service, findingId));
        OpenFindings.forEachOpen(decoded, day, f -> {
            if (Snapshot.isPastSla(f.ageDays(), f.severity(), settings.slaDays())) {
                past.add(new PartitionReport.PastSla(service, f.findingId(), f.severity().name(), f.ageDays(),
                        settings.slaDays().get(f.severity())));
            }
        });
        for (Builder b : scopes) {
            b.tier1Services++;
            b.practiceSum += now.practiceCoverage();
            b.practiceSumBefore += before;
            past.forEach(p -> b.pastBySeverity.merge(p.severity(), 1L, Long::sum));
            b.pastSla.addAll(past);
        }
    }

    private static final class Builder {
        /** Passed and bypassed gates of each reported day, from the first: an array, as every service adds to it. */
        final long firstGate;
        final long[] gates;
        long tier1Services;
        double practiceSum;
        double practiceSumBefore;
        final Map<String, Long> pastBySeverity = new TreeMap<>();
        final List<PartitionReport.PastSla> pastSla = new ArrayList<>();

        Builder(long firstGate, int days) {
            this.firstGate = firstGate;
            this.gates = new long[2 * days];
        }

        void addGates(long day, long[] counts) {
            long i = 2 * (day - firstGate);
            if (i < 0 || i >= gates.length) {
                return; // a day a report of a later day cached: not in this report's window
            }
            gates[(int) i] += counts[0];
            gates[(int) i + 1] += counts[1];
        }

        PartitionReport.ScopeFigures build() {
            List<PartitionReport.PastSla> oldest = pastSla.stream()
                    .sorted(AlertRules.OLDEST_FIRST)
                    .limit(PartitionReport.Tier1.KEPT_FINDINGS).toList();
            Map<String, long[]> byDate = new TreeMap<>();
            for (int i = 0; i < gates.length; i += 2) {
                if (gates[i] + gates[i + 1] > 0) { // a service adds only days with gates
                    byDate.put(LocalDate.ofEpochDay(firstGate + i / 2).toString(), new long[]{gates[i], gates[i + 1]});
                }
            }
            return new PartitionReport.ScopeFigures(byDate,
                    new PartitionReport.Tier1(tier1Services, practiceSum, practiceSumBefore, pastBySeverity, oldest));
        }
    }
}
