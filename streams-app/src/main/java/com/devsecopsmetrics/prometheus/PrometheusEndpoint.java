package com.devsecopsmetrics.prometheus;

import com.devsecopsmetrics.alerts.AlertRules;
import com.devsecopsmetrics.alerts.AlertState;
import com.devsecopsmetrics.ingest.DeadLetters;
import com.devsecopsmetrics.query.AlertQueries;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /metrics} in the Prometheus text format, through Micrometer: the headline figures of the org, each
 * team and each tier (never per service, so the series stay few), open alerts, dead letters by reason, events
 * refused as older than the retention horizon, and Kafka Streams' own client metrics.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(PrometheusEndpoint.class);
    /** The dead-letter reason of events older than the retention horizon (the ledger's ExpiredEvent). */
    static final String EXPIRED = "ExpiredEvent";
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final HeadlineFigures headlines;
    private final AlertQueries alerts;
    private final Clock clock;
    /** gauge key (metric|scope or alert type|scope) -> its value; gauges read from here. */
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final Set<String> registered = new HashSet<>();
    private Instant refreshedAt = Instant.MIN;

    public PrometheusEndpoint(KafkaStreams streams, HeadlineFigures headlines, AlertQueries alerts, Clock clock) {
        this.headlines = headlines;
        this.alerts = alerts;
        this.clock = clock;
        // Per-store metrics are about 85 series for each store of each task (11,000 with 20 services on six
        // partitions): too many to scrape. Client, thread, task, processor and topic metrics stay.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("kafka.stream.state"));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        FunctionCounter.builder("dsm.expired.events", this, e -> DeadLetters.counts().getOrDefault(EXPIRED, 0L))
                .description("Events older than retention.days before the newest event seen, sent to devsecops.dlq")
                .register(registry);
    }

    /** The exposition text; figures computed from the stores at most every 30 seconds. */
    public synchronized String scrape() {
        registerDeadLetterReasons();
        Instant now = clock.instant();
        if (now.isAfter(refreshedAt.plus(REFRESH))) {
            try {
                refresh();
                refreshedAt = now;
            } catch (RuntimeException e) {
                // While the application rebalances the stores may not answer; the last values stay until they do.
                log.warn("Prometheus figures not refreshed: {}", e.getMessage());
            }
        }
        return registry.scrape();
    }

    private void refresh() {
        for (HeadlineFigures.ScopeFigures s : headlines.all()) {
            s.values().forEach((metric, value) -> gauge("dsm." + metric, s.scope(), value));
        }
        Map<String, Double> open = new ConcurrentHashMap<>();
        for (AlertState a : alerts.all()) {
            if (a.isOpen()) {
                open.merge(a.type() + "|" + a.scope(), 1.0, Double::sum);
            }
        }
        for (String key : Set.copyOf(registered)) {
            if (key.startsWith("alert|")) {
                values.put(key, 0.0); // cleared since the last refresh
            }
        }
        open.forEach((typeScope, n) -> {
            String[] parts = typeScope.split("\\|", 2);
            alertGauge(parts[0], parts[1], n);
        });
        if (open.isEmpty()) {
            alertGauge(AlertRules.GATE_BYPASS_RATE_RISING, "org", 0.0); // so the series exists before the first alert
        }
    }

    private void gauge(String name, String scope, Double value) {
        String key = name + "|" + scope;
        values.put(key, value == null ? Double.NaN : value);
        if (registered.add(key)) {
            Gauge.builder(name, values, v -> v.getOrDefault(key, Double.NaN))
                    .tag("scope", scope).tag("scope_kind", scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope)
                    .register(registry);
        }
    }

    private void alertGauge(String type, String scope, double open) {
        String key = "alert|" + type + "|" + scope;
        values.put(key, open);
        if (registered.add(key)) {
            Gauge.builder("dsm.alerts.open", values, v -> v.getOrDefault(key, 0.0))
                    .description("Open alerts (1 while the condition holds)").tag("type", type).tag("scope", scope).register(registry);
        }
    }

    private void registerDeadLetterReasons() {
        for (String reason : DeadLetters.counts().keySet()) {
            if (registered.add("dlq|" + reason)) {
                FunctionCounter.builder("dsm.dead.letters", this, e -> DeadLetters.counts().getOrDefault(reason, 0L))
                        .description("Records sent to devsecops.dlq, by reason").tag("reason", reason).register(registry);
            }
        }
    }

    /** The figures of the scopes the gauges show; {@link HeadlineFigures} in production, fixed ones in tests. */
    public interface HeadlineFigures {
        record ScopeFigures(String scope, Map<String, Double> values) {
        }

        List<ScopeFigures> all();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        registry.close();
    }
}
