package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.app.StreamsSettings;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.query.Scope;
import com.devsecopsmetrics.query.SnapshotQueries;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** The whole application topology on a TopologyTestDriver, with the metric groups read back from its stores. */
final class LedgerDriver implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final Map<EventKind, TestInputTopic<String, Object>> inputs = new EnumMap<>(EventKind.class);
    private final TestOutputTopic<byte[], byte[]> dlq;
    private final DsmConfig config;

    LedgerDriver(Path stateDir) {
        this(stateDir, Map.of());
    }

    LedgerDriver(Path stateDir, Map<String, String> overrides) {
        DsmConfig base = DsmConfig.defaults();
        for (var e : overrides.entrySet()) {
            base = base.with(e.getKey(), e.getValue());
        }
        config = base
                .with(DsmConfig.SCHEMA_REGISTRY_URL, "mock://ledger-" + UUID.randomUUID())
                .with(DsmConfig.STATE_DIR, stateDir.toString());
        Properties props = StreamsSettings.streamsProperties(config);
        // The driver's wall clock stands still, so a task idling for an empty input (max.task.idle.ms) would never go on.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-test");
        EventSerdes serdes = EventSerdes.from(config);
        driver = new TopologyTestDriver(MetricsApplication.buildTopology(config, serdes, props), props);
        Serde<Object> events = serdes.eventSerde();
        for (EventKind kind : EventKind.values()) {
            inputs.put(kind, driver.createInputTopic(kind.topic(), new StringSerializer(), events.serializer()));
        }
        dlq = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    LedgerDriver pipe(SpecificRecord... events) {
        for (SpecificRecord e : events) {
            EventKind kind = EventKind.ofRecord(e).orElseThrow();
            inputs.get(kind).pipeInput(EventKind.serviceId(e), e);
        }
        return this;
    }

    LedgerDriver pipe(List<? extends SpecificRecord> events) {
        events.forEach(this::pipe);
        return this;
    }

    void pipeWithKey(String key, SpecificRecord e) {
        inputs.get(EventKind.ofRecord(e).orElseThrow()).pipeInput(key, e);
    }

    /** Moves the driver's wall clock, which runs the roll-up punctuation when it is due. */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** The keys (service|date) of the records published to devsecops.metrics.snapshot so far. */
    List<String> publishedSnapshotKeys() {
        return driver.createOutputTopic(Topics.METRICS_SNAPSHOT, new StringDeserializer(),
                new ByteArrayDeserializer()).readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    /** The reasons of the records sent to the dead-letter topic so far. */
    List<String> deadLetterReasons() {
        return dlq.readRecordsToList().stream()
                .map(r -> new String(r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                .toList();
    }

    DayFigures figures(String scope, LocalDate from, LocalDate to) {
        DayFigures total = new DayFigures();
        if (scope.startsWith("service:")) {
            String service = scope.substring("service:".length());
            KeyValueStore<String, DayFigures> days = driver.getKeyValueStore(LedgerStores.SERVICE_DAYS);
            try (KeyValueIterator<String, DayFigures> it = days.range(LedgerKeys.of(service, from.toString()),
                    LedgerKeys.of(service, to.minusDays(1).toString()))) {
                it.forEachRemaining(kv -> total.merge(kv.value, 1));
            }
            KeyValueStore<String, String> assignments = driver.getKeyValueStore(LedgerStores.ASSIGNMENTS);
            String a = assignments.get(service);
            return a == null ? total : total.weightedForTier(ScopeAssignment.parse(a).riskWeight(config.riskWeights()));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // let the roll-up punctuation run
        KeyValueStore<String, DayFigures> rollups = driver.getKeyValueStore(LedgerStores.SCOPE_DAYS);
        try (KeyValueIterator<String, DayFigures> it = rollups.range(LedgerKeys.of(scope, from.toString()),
                LedgerKeys.of(scope, to.minusDays(1).toString()))) {
            it.forEachRemaining(kv -> total.merge(kv.value, 1));
        }
        return total;
    }

    Map<String, Object> dora(String scope, String from, String to) {
        LocalDate f = LocalDate.parse(from);
        LocalDate t = LocalDate.parse(to);
        return asMap(DeliveryMetrics.dora(figures(scope, f, t), t.toEpochDay() - f.toEpochDay()));
    }

    Map<String, Object> security(String scope, String from, String to) {
        return asMap(DeliveryMetrics.security(figures(scope, LocalDate.parse(from), LocalDate.parse(to))));
    }

    Map<String, Object> debtFlow(String scope, String from, String to) {
        return asMap(DebtFlowMetrics.of(figures(scope, LocalDate.parse(from), LocalDate.parse(to))));
    }

    /** A metric group as the API renders it, read back as a map (whole numbers as Long), for tests that compare by name. */
    static Map<String, Object> asMap(Object group) {
        return AS_MAP.convertValue(group, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static final ObjectMapper AS_MAP = ContractJson.mapper().copy().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /** The snapshot groups of a scope as of the end of {@code date}, read from the driver's stores. */
    Map<String, Object> snapshot(String scope, String date) {
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // snapshots read what the roll-up punctuation settled
        LocalDate day = LocalDate.parse(date);
        // The driver's one task holds every partition: the production read of one task's share is the whole answer.
        SnapshotQueries.Answer answer = SnapshotQueries.answer(new LedgerReads(driver::getKeyValueStore), Scope.parse(scope), day,
                config.getInt(DsmConfig.LOOKBACK_DAYS), config.riskWeights());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("coverage", asMap(Snapshot.coverage(answer.services(), config.coverageWeights())));
        result.put("debt", asMap(Snapshot.debt(answer.debt(), day, config.slaDays())));
        return result;
    }

    /** A store of the topology, as its task holds it. */
    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** Every value a store of the topology holds, as its task would read it. */
    <V> List<V> values(String store) {
        List<V> values = new ArrayList<>();
        KeyValueStore<String, V> s = driver.getKeyValueStore(store);
        try (KeyValueIterator<String, V> it = s.all()) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }

    @Override
    public void close() {
        driver.close();
    }
}
