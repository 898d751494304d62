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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of reads, writes, deletions and ranges against a write-back store with a tiny bound on its
 * written rows, compared with a plain map: the task reads what it wrote, and each commit writes every key whose
 * value changed since the last commit, once (a range writes the rows before it first), with its last value, and
 * never deletes a key the store does not hold.
 */
class WriteBackStoreModelTest {
    private static final String STORE = "model";
    private static final int KEYS = 6;
    @TempDir
    Path stateDir;

    /** Runs the operations of each record ("p k v", "d k", "i k v" put-if-absent, "g k", "r" range) against the store. */
    private static final class Operations implements Processor<String, String, Void, Void> {
        private final Map<String, Long> model;
        private final List<String> mismatches;
        private KeyValueStore<String, Long> store;

        Operations(Map<String, Long> model, List<String> mismatches) {
            this.model = model;
            this.mismatches = mismatches;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String op : record.value().split(";")) {
                String[] p = op.split(" ");
                switch (p[0]) {
                    case "p" -> {
                        store.put(p[1], Long.parseLong(p[2]));
                        model.put(p[1], Long.parseLong(p[2]));
                    }
                    case "d" -> check(op, store.delete(p[1]), model.remove(p[1]));
                    case "i" -> check(op, store.putIfAbsent(p[1], Long.parseLong(p[2])), model.putIfAbsent(p[1], Long.parseLong(p[2])));
                    case "g" -> check(op, store.get(p[1]), model.get(p[1]));
                    default -> {
                        Map<String, Long> all = new TreeMap<>();
                        try (KeyValueIterator<String, Long> it = store.all()) {
                            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
                        }
                        check(op, all, new TreeMap<>(model));
                    }
                }
            }
        }

        private void check(String op, Object actual, Object expected) {
            if (!Objects.equals(actual, expected)) {
                mismatches.add(op + ": " + actual + " instead of " + expected);
            }
        }
    }

    @Test
    void behavesAsAMapAndWritesEachChangedKeyOncePerCommit() {
        Random random = new Random(20261127);
        for (int run = 0; run < 60; run++) {
            Map<String, Long> model = new HashMap<>();
            List<String> mismatches = new ArrayList<>();
            Topology topology = new Topology();
            topology.addSource("ops", new StringDeserializer(), new StringDeserializer(), "ops");
            topology.addProcessor("run", () -> new Operations(model, mismatches), "ops");
            topology.addStateStore(WriteBackStore.builder(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()), 1 + random.nextInt(4)), "run");
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("run" + run).toString());
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
                TestInputTopic<String, String> input = driver.createInputTopic("ops", new StringSerializer(), new StringSerializer());
                TestOutputTopic<String, Long> changelog = driver.createOutputTopic("model-" + STORE + "-changelog",
                        new StringDeserializer(), new LongDeserializer());
                Map<String, Long> committed = new HashMap<>();
                for (int commit = 0; commit < 40; commit++) {
                    List<String> ops = new ArrayList<>();
                    for (int i = random.nextInt(8); i >= 0; i--) {
                        String key = "k" + random.nextInt(KEYS);
                        long value = random.nextInt(3);
                        ops.add(switch (random.nextInt(9)) {
                            case 0, 1, 2 -> "p " + key + " " + value;
                            case 3, 4 -> "d " + key;
                            case 5 -> "i " + key + " " + value;
                            case 6 -> "r";
                            default -> "g " + key;
                        });
                    }
                    input.pipeInput("x", String.join(";", ops)); // the driver commits after each record
                    List<KeyValue<String, Long>> written = changelog.readKeyValuesToList();
                    // A range writes the rows first, so a key may be written again later in the same record.
                    boolean ranged = ops.contains("r");
                    Map<String, Long> last = new HashMap<>();
                    Set<String> keys = new HashSet<>();
                    for (KeyValue<String, Long> kv : written) {
                        assertThat(keys.add(kv.key) || ranged).as("%s written twice in one commit", kv.key).isTrue();
                        assertThat(kv.value != null || committed.containsKey(kv.key) || last.get(kv.key) != null)
                                .as("a deletion of %s, which the store did not hold, after %s", kv.key, ops).isTrue();
                        last.put(kv.key, kv.value);
                    }
                    for (int k = 0; k < KEYS; k++) {
                        String key = "k" + k;
                        if (!Objects.equals(committed.get(key), model.get(key))) {
                            assertThat(keys).as("commit %d of run %d after %s", commit, run, ops).contains(key);
                        }
                    }
                    last.forEach((key, value) -> assertThat(value).as("%s after %s", key, ops).isEqualTo(model.get(key)));
                    committed.clear();
                    committed.putAll(model);
                }
            }
            assertThat(mismatches).as("run %d", run).isEmpty();
        }
    }
}
