package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import com.devsecopsmetrics.outputs.ServiceSnapshotMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.fail;

/**
 * Pins what the production topology publishes (issue 18, "Pin behaviour first"): a seeded synthetic organisation
 * ({@link SyntheticOrganisation}, the logic of {@code dsm generate}: {@value #SERVICES} services, {@value #DAYS} days
 * ending {@link #END}, seed {@value #SEED}) goes through {@link MetricsApplication#buildTopology} in a
 * {@link TopologyTestDriver}, and every record on {@code devsecops.metrics.daily}, {@code devsecops.metrics.snapshot},
 * {@code devsecops.alerts} and {@code devsecops.dlq} must be what {@code src/test/resources/pinned/outputs.jsonl}
 * says: one line per record, in the order each topic received them, with the topic, the key and the value decoded
 * to JSON (every field of the Avro record, in schema order).
 *
 * <p><b>Configuration.</b> {@link DsmConfig#defaults()} and {@link StreamsSettings#streamsProperties}, except what
 * a test driver needs: a mock schema registry, a temporary state dir, {@code topic.partitions=1} (the driver has
 * one partition per topic, and the alert evaluator waits for a report from every configured partition: with the
 * default 6 no alert would ever be evaluated, and most records would take the misplaced-record detour the driver
 * cannot place anywhere but partition 0 anyway) and {@code max.task.idle.ms=0} (as every driver test: the driver's
 * wall clock stands still, so an idling task would never go on).
 *
 * <p><b>Time.</b> The driver's wall clock starts at {@link #WALL_CLOCK_START} and moves only when this test moves
 * it: {@link #STEP} after each generated day's events (so the wall-clock roll-up and snapshot punctuations run
 * between days, as they would during a live run), then {@link #SETTLE_STEPS} steps of one second at the end (more
 * than {@code alerts.refresh.ms} of the default configuration, so every roll-up, snapshot publication and alert
 * refresh owed has run). Stream-time punctuations (day completion for alerts, retention) follow the events. Under
 * this fixed schedule the whole interleaving is deterministic, so the order of the records per topic is pinned too.
 *
 * <p><b>Normalised</b> (left out of the pinned file, as they depend on the wall clock or on the run):
 * <ul>
 *   <li>the record timestamps of {@code devsecops.metrics.daily} and {@code devsecops.metrics.snapshot}: the
 *       punctuation's wall-clock time; the timestamps of {@code devsecops.alerts} are pinned (the end of the alert's
 *       {@code as_of} day, event time);</li>
 *   <li>the record timestamp of a dead letter ({@code System.currentTimeMillis()} when it was written); its key,
 *       headers and value (Base64) are pinned. Alert values carry no wall-clock field ({@code as_of},
 *       {@code opened_at}, {@code cleared_at} are event-time days), so no value field is rewritten.</li>
 * </ul>
 *
 * <p><b>Comparison.</b> First the number of records per topic, then the final state (the last record of each key
 * of each topic), then the whole sequence: the message says which of the three differs first. To re-pin
 * deliberately, run with {@code -Dpinned.update=true} (see {@link PinnedTopologyTest} for the Maven line), review
 * the diff of the file and commit it with the change that explains it.
 */
class PinnedOutputTest {
    static final int SERVICES = 12;
    static final int DAYS = 40;
    static final long SEED = 18L;
    static final Instant END = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant WALL_CLOCK_START = Instant.parse("2026-03-01T06:00:00Z");
    static final Duration STEP = Duration.ofSeconds(2);
    static final int SETTLE_STEPS = 90;
    private static final List<String> TOPICS = List.of(Topics.METRICS_DAILY, Topics.METRICS_SNAPSHOT, Topics.ALERTS, Topics.DLQ);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path stateDir;

    @Test
    void theGeneratedOrganisationPublishesWhatIsPinned() throws Exception {
        List<String> actual = run();
        PinnedFile pinned = new PinnedFile("outputs.jsonl");
        if (PinnedFile.updating()) {
            pinned.write(actual);
            return;
        }
        List<String> expected = pinned.expected().orElse(null);
        if (expected == null) {
            fail("no pinned file " + pinned.path().toAbsolutePath() + "; create it deliberately with -D" + PinnedFile.UPDATE_PROPERTY + "=true");
        }
        String consequence = "What the topology publishes changed: for a behaviour-preserving change this is a defect.";
        Map<String, Integer> expectedCounts = counts(expected);
        Map<String, Integer> actualCounts = counts(actual);
        if (!expectedCounts.equals(actualCounts)) {
            fail("Records per topic: pinned " + expectedCounts + ", found " + actualCounts + ".\n"
                    + pinned.difference(expected, actual, consequence));
        }
        Map<String, String> expectedFinal = finalState(expected);
        Map<String, String> actualFinal = finalState(actual);
        for (var e : expectedFinal.entrySet()) {
            String found = actualFinal.get(e.getKey());
            if (!e.getValue().equals(found)) {
                fail("Final state of " + e.getKey() + ":\n  pinned: " + e.getValue() + "\n  found:  " + found + "\n"
                        + pinned.difference(expected, actual, consequence));
            }
        }
        if (!expectedFinal.keySet().equals(actualFinal.keySet())) {
            fail("Keys published: " + actualFinal.size() + " found, " + expectedFinal.size() + " pinned.\n"
                    + pinned.difference(expected, actual, consequence));
        }
        if (!expected.equals(actual)) {
            fail("Same final state and counts, but the records came in another order or with other intermediate values.\n"
                    + pinned.difference(expected, actual, consequence));
        }
    }

    /** Every record the outputs received, one JSON line each, topic by topic. */
    private List<String> run() {
        DsmConfig config = DsmConfig.defaults()
                .with(DsmConfig.SCHEMA_REGISTRY_URL, "mock://pinned-" + java.util.UUID.randomUUID())
                .with(DsmConfig.STATE_DIR, stateDir.toString())
                .with(DsmConfig.TOPIC_PARTITIONS, "1");
        var props = StreamsSettings.streamsProperties(config);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        EventSerdes serdes = EventSerdes.from(config);
        try (TopologyTestDriver driver = new TopologyTestDriver(MetricsApplication.buildTopology(config, serdes, props), props,
                WALL_CLOCK_START)) {
            Serde<Object> events = serdes.eventSerde();
            Map<EventKind, TestInputTopic<String, Object>> inputs = new EnumMap<>(EventKind.class);
            for (EventKind kind : EventKind.values()) {
                inputs.put(kind, driver.createInputTopic(kind.topic(), new StringSerializer(), events.serializer()));
            }
            OrganisationSpec spec = new OrganisationSpec(SERVICES, DAYS, SEED, END);
            SyntheticOrganisation organisation = new SyntheticOrganisation(spec);
            for (Instant day = spec.start(); day.isBefore(END); day = day.plus(Duration.ofDays(1))) {
                organisation.generateWindow(day, day.plus(Duration.ofDays(1)),
                        (kind, event) -> inputs.get(kind).pipeInput(EventKind.serviceId(event), event));
                driver.advanceWallClockTime(STEP);
            }
            for (int i = 0; i < SETTLE_STEPS; i++) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            List<String> lines = new ArrayList<>();
            lines.addAll(read(driver, Topics.METRICS_DAILY, serdes.valueSerde(ServiceDailyMetrics.class).deserializer(), false));
            lines.addAll(read(driver, Topics.METRICS_SNAPSHOT, serdes.valueSerde(ServiceSnapshotMetrics.class).deserializer(), false));
            lines.addAll(read(driver, Topics.ALERTS, serdes.valueSerde(Alert.class).deserializer(), true));
            lines.addAll(deadLetters(driver));
            return lines;
        }
    }

    private static <T extends SpecificRecord> List<String> read(TopologyTestDriver driver, String topic, Deserializer<T> values,
                                                                boolean withTimestamp) {
        TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<String> lines = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
            ObjectNode line = NODES.objectNode();
            line.put("topic", topic);
            line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
            if (withTimestamp) {
                line.put("timestamp", r.getRecordTime().toString());
            }
            line.set("value", r.value() == null ? NODES.nullNode() : toJson(values.deserialize(topic, r.value())));
            lines.add(line.toString());
        }
        return lines;
    }

    /** Dead letters: key, headers and value as written; the record timestamp is the wall clock and left out. */
    private static List<String> deadLetters(TopologyTestDriver driver) {
        TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<String> lines = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
            ObjectNode line = NODES.objectNode();
            line.put("topic", Topics.DLQ);
            line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
            ObjectNode headers = line.putObject("headers");
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            line.put("value", r.value() == null ? null : Base64.getEncoder().encodeToString(r.value()));
            lines.add(line.toString());
        }
        return lines;
    }

    /** Every field of an Avro record in schema order; doubles as JSON numbers, NaN and infinities as strings. */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof IndexedRecord record) {
            ObjectNode node = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                node.set(field.name(), toJson(record.get(field.pos())));
            }
            return node;
        } else if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof Instant
                || value instanceof java.time.LocalDate || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
            return NODES.textNode(value.toString());
        } else if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? NODES.textNode(d.toString()) : NODES.numberNode(d);
        } else if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? NODES.textNode(f.toString()) : NODES.numberNode(f);
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            new TreeMap<String, Object>(toStringKeys(map)).forEach((k, v) -> node.set(k, toJson(v)));
            return node;
        } else if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            return NODES.textNode(Base64.getEncoder().encodeToString(b));
        }
        throw new IllegalArgumentException("unexpected value type " + value.getClass());
    }

    private static Map<String, Object> toStringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Map<String, Integer> counts(List<String> lines) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        TOPICS.forEach(t -> counts.put(t, 0));
        for (String line : lines) {
            counts.merge(parse(line).path("topic").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** topic and key -> the last line of that key on that topic. */
    private static Map<String, String> finalState(List<String> lines) {
        Map<String, String> last = new TreeMap<>();
        for (String line : lines) {
            JsonNode node = parse(line);
            last.put(node.path("topic").asText() + " " + Objects.toString(node.path("key").textValue()), line);
        }
        return last;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JSON line: " + line, e);
        }
    }
}
