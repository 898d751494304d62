package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.config.AlertSettings;
import com.devsecopsmetrics.outputs.Alert;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps the newest report of every partition and, once all of them have reported, evaluates the rules for the org
 * and each team as of the earliest day reported (again when a report of that day changes, never for an earlier
 * day). A rule that starts to hold opens one alert; while it holds, only the stored evidence changes; when it
 * stops, the alert clears, at most one change a day per rule and scope. Only the opening and the clearing are
 * published, so a steady condition never repeats.
 */
final class AlertEvaluator implements Processor<String, String, String, Alert> {
    static final String EVALUATED_THROUGH = "evaluated-through";
    private final AlertSettings settings;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, String> reports;
    private KeyValueStore<String, String> alerts;
    private KeyValueStore<String, String> progress;
    /** The reports store, parsed: read once per task (init runs again when a task is revived), then kept current. */
    private final Map<String, PartitionReport> parsedReports = new TreeMap<>();
    private boolean reportsLoaded;

    AlertEvaluator(AlertSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        reports = context.getStateStore(AlertTopology.REPORTS_STORE);
        alerts = context.getStateStore(AlertTopology.ALERTS_STORE);
        progress = context.getStateStore(AlertTopology.PROGRESS_STORE);
        parsedReports.clear();
        reportsLoaded = false;
    }

    @Override
    public void process(Record<String, String> record) {
        PartitionReport report = PartitionReport.fromJson(record.value());
        if (!reportsLoaded) {
            try (KeyValueIterator<String, String> it = reports.all()) {
                it.forEachRemaining(kv -> parsedReports.put(kv.key, PartitionReport.fromJson(kv.value)));
            }
            reportsLoaded = true;
        }
        reports.put(String.valueOf(report.partition()), record.value());
        parsedReports.put(String.valueOf(report.partition()), report);
        List<PartitionReport> all = new ArrayList<>(parsedReports.values());
        if (all.size() < settings.partitions()) {
            return; // some partition has not reported yet: evaluating now would judge the scope on part of it
        }
        LocalDate day = all.stream().filter(r -> !r.empty()).map(r -> LocalDate.parse(r.day()))
                .min(LocalDate::compareTo).orElse(null);
        String through = progress.get(EVALUATED_THROUGH);
        LocalDate last = through == null ? null : LocalDate.parse(through);
        if (day == null || (last != null && day.isBefore(last))) {
            return;
        }
        if (day.equals(last) && !day.toString().equals(report.day())) {
            return; // the day already judged, and this report is not one of that day: a partition further ahead moved on
        }
        evaluate(day, all);
        progress.put(EVALUATED_THROUGH, day.toString());
    }

    private void evaluate(LocalDate day, List<PartitionReport> all) {
        Map<String, List<PartitionReport.ScopeFigures>> byScope = new TreeMap<>();
        for (PartitionReport r : all) {
            r.scopes().forEach((scope, figures) -> byScope.computeIfAbsent(scope, k -> new ArrayList<>()).add(figures));
        }
        Map<String, AlertState> open = new TreeMap<>();
        Map<String, LocalDate> lastChange = new TreeMap<>();
        try (KeyValueIterator<String, String> it = alerts.all()) {
            it.forEachRemaining(kv -> {
                AlertState a = AlertState.fromJson(kv.value);
                String key = a.type() + "|" + a.scope();
                if (a.isOpen()) {
                    open.put(key, a);
                }
                lastChange.merge(key, a.changedOn(), (x, y) -> x.isAfter(y) ? x : y);
            });
        }
        TreeSet<String> scopes = new TreeSet<>(byScope.keySet());
        open.values().forEach(a -> scopes.add(a.scope())); // a team that left still clears its alerts
        for (String scope : scopes) {
            var outcomes = AlertRules.evaluate(byScope.getOrDefault(scope, List.of()), day, settings);
            outcomes.forEach((type, outcome) -> {
                String key = type + "|" + scope;
                // At most one change a day: a day judged again on late events cannot open and clear the same alert in turn.
                boolean changedToday = day.equals(lastChange.get(key));
                apply(type, scope, day, outcome, open.get(key), changedToday);
            });
        }
    }

    private void apply(String type, String scope, LocalDate day, AlertRules.Outcome outcome, AlertState current, boolean changedToday) {
        if (outcome.holds() && current == null) {
            if (!changedToday) {
                publish(AlertState.open(type, scope, day, outcome.evidence()));
            }
        } else if (outcome.holds()) {
            alerts.put(current.id(), current.withEvidence(day, outcome.evidence()).toJson());
        } else if (current != null && !changedToday) {
            publish(current.cleared(day, outcome.evidence()));
        }
    }

    private void publish(AlertState alert) {
        alerts.put(alert.id(), alert.toJson());
        context.forward(new Record<>(alert.scope(), alert.toAvro(), AlertState.endOf(LocalDate.parse(alert.asOf())).toEpochMilli()));
    }
}
