package com.devsecopsmetrics.ledger;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back store's rows must reach the changelog at each commit (the driver commits after every record),
 * once per row however often the record changed it, and the task must read its own unwritten rows.
 */
class WriteBackStoreTest {
    private static final String STORE = "counts";
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, Long> changelog;

    /** Counts each value's words under its key, one put per word; the word "forget" deletes the key. */
    private static final class WordCounter implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String word : record.value().split(" ")) {
                if (word.equals("forget")) {
                    counts.delete(record.key());
                } else {
                    Long n = counts.get(record.key());
                    counts.put(record.key(), n == null ? 1 : n + 1);
                }
            }
        }
    }

    @BeforeEach
    void start() {
        Topology topology = new Topology();
        topology.addSource("words", new StringDeserializer(), new StringDeserializer(), "words");
        topology.addProcessor("count", WordCounter::new, "words");
        topology.addStateStore(WriteBackStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()), 1), "count");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        input = driver.createInputTopic("words", new StringSerializer(), new StringSerializer());
        changelog = driver.createOutputTopic("write-back-" + STORE + "-changelog", new StringDeserializer(), new LongDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachCommitWritesEveryChangedRowOnceWithItsLastValue() {
        input.pipeInput("a", "one two three");
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", 3L));
        input.pipeInput("b", "one");
        input.pipeInput("a", "four");
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("b", 1L), KeyValue.pair("a", 4L));
        input.pipeInput("b", "forget");
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("b", null));
    }

    @Test
    void aRowAddedAndDeletedBetweenTwoCommitsLeavesNothingInTheChangelog() {
        input.pipeInput("a", "one");
        changelog.readKeyValuesToList();
        input.pipeInput("n", "one two forget");
        assertThat(changelog.readKeyValuesToList()).isEmpty();
        input.pipeInput("n", "one forget one");
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("n", 1L));
        input.pipeInput("n", "forget one forget");
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("n", null));
    }

    @Test
    void anotherThreadReadsWhatWasWrittenAndLeavesTheTasksRowsAlone() throws Exception {
        WriteBackStore<Long> store = WriteBackStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("direct"), Serdes.String(), Serdes.Long()).withLoggingDisabled(), 4).build();
        store.init(new MockProcessorContext<Void, Void>().getStateStoreContext(), store);
        store.put("a", 1L);
        store.flushCache();
        store.put("a", 2L);
        store.put("b", 1L);
        ExecutorService query = Executors.newSingleThreadExecutor();
        try {
            assertThat(query.submit(() -> store.get("a")).get()).isEqualTo(1L);
            assertThat(query.submit(() -> store.get("b")).get()).isNull();
            assertThat(query.submit(() -> {
                List<KeyValue<String, Long>> rows = new ArrayList<>();
                try (KeyValueIterator<String, Long> it = store.all()) {
                    it.forEachRemaining(rows::add);
                }
                return rows;
            }).get()).containsExactly(KeyValue.pair("a", 1L));
            assertThat(store.get("a")).isEqualTo(2L); // the task still sees its own rows, unwritten
            // a query's read-only view reads what was written, even from the task's thread
            assertThat(store.readOnly(org.apache.kafka.common.IsolationLevel.READ_COMMITTED).get("a")).isEqualTo(1L);
            store.flushCache();
            assertThat(query.submit(() -> store.get("b")).get()).isEqualTo(1L);
        } finally {
            query.shutdownNow();
            store.close();
        }
    }

    @Test
    void readsSeeTheRowsOfTheTaskWrittenOrNot() {
        input.pipeInput("a", "one two");
        input.pipeInput("c", "one");
        KeyValueStore<String, Long> store = driver.getKeyValueStore(STORE);
        assertThat(store.get("a")).isEqualTo(2L);
        List<KeyValue<String, Long>> all = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        assertThat(all).containsExactly(KeyValue.pair("a", 2L), KeyValue.pair("c", 1L));
    }
}
