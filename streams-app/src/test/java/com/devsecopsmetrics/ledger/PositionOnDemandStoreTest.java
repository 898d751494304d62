package com.devsecopsmetrics.ledger;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The store must behave exactly as Kafka's RocksDB store: same rows, same changelog records and headers. */
class PositionOnDemandStoreTest {
    private static final String STORE = "rows";
    @TempDir
    Path stateDir;

    private static final class Writer implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> rows;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            rows = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            rows.put(record.key(), record.value());
        }
    }

    private record Run(List<TestRecord<String, String>> changelog, Map<String, String> rows) {
    }

    private Run run(KeyValueBytesStoreSupplier supplier, boolean consistencyVector, String dir) {
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor("write", Writer::new, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.String()).withCachingDisabled(), "write");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "position");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, consistencyVector);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "1");
            in.pipeInput("b", "2");
            in.pipeInput("a", "3");
            TestOutputTopic<String, String> changelog = driver.createOutputTopic("position-" + STORE + "-changelog",
                    new StringDeserializer(), new StringDeserializer());
            List<TestRecord<String, String>> records = new ArrayList<>(changelog.readRecordsToList());
            KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
            return new Run(records, Map.of("a", store.get("a"), "b", store.get("b")));
        }
    }

    private static List<String> headers(Run run) {
        List<String> all = new ArrayList<>();
        for (TestRecord<String, String> r : run.changelog()) {
            StringBuilder b = new StringBuilder(r.key() + "=" + r.value());
            for (Header h : r.headers()) {
                b.append(' ').append(h.key()).append(':').append(java.util.Arrays.toString(h.value()));
            }
            all.add(b.toString());
        }
        return all;
    }

    @Test
    void writesTheSameRowsAndChangelogAsKafkasStore() {
        Run kafka = run(Stores.persistentKeyValueStore(STORE), false, "kafka");
        Run ours = run(PositionOnDemandStore.persistent(STORE), false, "ours");
        assertThat(ours.rows()).isEqualTo(kafka.rows()).containsEntry("a", "3");
        assertThat(headers(ours)).isEqualTo(headers(kafka)).hasSize(3);
    }

    @Test
    void handsOutItsPositionWhenTheConsistencyVectorIsLogged() {
        Run kafka = run(Stores.persistentKeyValueStore(STORE), true, "kafka-vector");
        Run ours = run(PositionOnDemandStore.persistent(STORE), true, "ours-vector");
        assertThat(headers(kafka)).allMatch(h -> h.contains(" c:"), "Kafka's store logs the position header");
        assertThat(headers(ours)).isEqualTo(headers(kafka));
    }
}
