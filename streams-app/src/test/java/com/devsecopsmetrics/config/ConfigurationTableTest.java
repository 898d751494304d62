package com.devsecopsmetrics.config;

import com.devsecopsmetrics.app.BoundedRocksDbMemory;
import com.devsecopsmetrics.app.StreamsSettings;
import com.devsecopsmetrics.serde.AvroSerdeConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Configuration" table lists exactly the product keys {@link DsmConfig#CONFIG_DEF} defines, with the
 * same defaults ({@code —} where there is none), plus the Kafka Streams settings {@link StreamsSettings} gives
 * other defaults than Kafka's (those stay Kafka's keys: Kafka defines and checks them, the product only changes the
 * default) and the registry serde's keys, which reach the serde unchanged.
 */
class ConfigurationTableTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String NONE = "—";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Kafka Streams keys whose defaults StreamsSettings changes, as written in the README. */
    private static final List<String> STREAMS_KEYS = List.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "producer.compression.type", "producer.batch.size",
            StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);

    /** Keys of the registry serde (AvroSerdeConfig), passed through to it like any unknown key. */
    private static final Map<String, String> SERDE_KEYS = Map.of(
            AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, NONE, AvroSerdeConfig.BASIC_AUTH_USER_INFO, NONE,
            AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, NONE, AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, NONE,
            AvroSerdeConfig.SSL_TRUSTSTORE_TYPE, NONE, "schema.registry.ssl.keystore.*", NONE,
            AvroSerdeConfig.SSL_KEY_PASSWORD, NONE,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "true", AvroSerdeConfig.USE_LATEST_VERSION, "false");

    @Test
    void theTableListsEveryProductKeyWithItsDefault() throws Exception {
        Map<String, String> documented = table();
        Map<String, String> expected = new TreeMap<>();
        for (ConfigDef.ConfigKey key : DsmConfig.CONFIG_DEF.configKeys().values()) {
            expected.put(key.name, DsmConfig.DEFAULTS.getOrDefault(key.name, NONE));
        }
        Properties streams = StreamsSettings.streamsProperties(DsmConfig.defaults());
        STREAMS_KEYS.forEach(k -> expected.put(k, String.valueOf(streams.get(k))));
        expected.put(BoundedRocksDbMemory.MEMORY_MB, String.valueOf(BoundedRocksDbMemory.DEFAULT_MEMORY_MB));
        expected.putAll(SERDE_KEYS);
        assertThat(documented).isEqualTo(expected);
    }

    @Test
    void theProductKeysAreNotKafkaStreamsKeysAndTheStreamsKeysAreNotProductKeys() {
        STREAMS_KEYS.forEach(k -> assertThat(DsmConfig.CONFIG_DEF.names()).doesNotContain(k));
        assertThat(StreamsConfig.configDef().names()).contains(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG);
    }

    /** key → default, from the rows of the {@code | key | default | meaning |} table under {@code ## Configuration}. */
    static Map<String, String> table() throws Exception {
        List<String> lines = Files.readAllLines(README);
        int section = lines.indexOf("## Configuration");
        assertThat(section).as("README has a Configuration section").isNotNegative();
        int header = section;
        while (!lines.get(header).replace(" ", "").equals("|key|default|meaning|")) {
            header++;
            assertThat(lines.get(header)).as("the table comes before the next section").doesNotStartWith("## ");
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("(?<!\\\\)\\|");
            List<String> keys = keys(cells[1]);
            List<String> defaults = keys.size() == 1 ? List.of(value(cells[2])) : defaults(cells[2]);
            assertThat(defaults.size()).as(lines.get(i)).isIn(1, keys.size());
            for (int k = 0; k < keys.size(); k++) {
                String previous = rows.put(keys.get(k), defaults.get(defaults.size() == 1 ? 0 : k));
                assertThat(previous).as("%s is listed once", keys.get(k)).isNull();
            }
        }
        return rows;
    }

    /** {@code `a.b.c`, `.d`} names a.b.c and a.b.d; {@code /} separates like a comma. */
    private static List<String> keys(String cell) {
        List<String> keys = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        String last = null;
        while (m.find()) {
            String key = m.group(1);
            if (key.startsWith(".")) {
                key = last.substring(0, last.lastIndexOf('.')) + key;
            }
            keys.add(key);
            last = key;
        }
        return keys;
    }

    /** A row of several keys: one default for all, or one per comma-separated part. */
    private static List<String> defaults(String cell) {
        return Arrays.stream(cell.split(",")).map(ConfigurationTableTest::value).toList();
    }

    /** {@code —} (whatever follows it), or the first {@code `value`}. */
    private static String value(String cell) {
        String c = cell.trim();
        Matcher m = CODE.matcher(c);
        return c.startsWith(NONE) || !m.find() ? NONE : m.group(1);
    }
}
