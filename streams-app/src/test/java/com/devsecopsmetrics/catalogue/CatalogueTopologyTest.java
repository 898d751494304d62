package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.app.StreamsSettings;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogueTopologyTest {
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Service> services;
    private TestOutputTopic<byte[], byte[]> dlq;

    private String registryScope;
    private EventSerdes serdes;

    @BeforeEach
    void setUp() {
        registryScope = "catalogue-" + UUID.randomUUID();
        DsmConfig config = DsmConfig.defaults()
                .with(DsmConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope)
                .with(DsmConfig.STATE_DIR, stateDir.toString());
        Properties props = StreamsSettings.streamsProperties(config);
        // The driver's wall clock stands still, so a task idling for an empty input (max.task.idle.ms) would never go on.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalogue-test");
        serdes = EventSerdes.from(config);
        driver = new TopologyTestDriver(MetricsApplication.buildTopology(config, serdes, props), props);
        Serde<Service> serde = serdes.valueSerde(Service.class);
        services = driver.createInputTopic(Topics.SERVICES, new StringSerializer(), serde.serializer());
        dlq = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Service entry(String id, Tier tier, String updatedAt) {
        return Service.newBuilder().setServiceId(id).setName(id).setTeam("team-" + id).setTier(tier)
                .setRepos(List.of("acme/" + id)).setInternetFacing(false).setRegulated(false)
                .setAttestations(List.of()).setUpdatedAt(Instant.parse(updatedAt)).build();
    }

    private KeyValueStore<String, Service> store() {
        return driver.getKeyValueStore(CatalogueTopology.STORE);
    }

    @Test
    void theNewestEntryWinsWhateverTheArrivalOrder() {
        services.pipeInput("a", entry("a", Tier.TIER_3, "2026-02-01T00:00:00Z"));
        services.pipeInput("a", entry("a", Tier.TIER_1, "2026-01-01T00:00:00Z")); // older, arrives late
        services.pipeInput("b", entry("b", Tier.TIER_1, "2026-01-01T00:00:00Z"));
        services.pipeInput("b", entry("b", Tier.TIER_2, "2026-03-01T00:00:00Z"));

        assertThat(store().get("a").getTier()).isEqualTo(Tier.TIER_3);
        assertThat(store().get("b").getTier()).isEqualTo(Tier.TIER_2);
    }

    @Test
    void equalTimesResolveTheSameWayInEitherOrder() {
        Service x = entry("a", Tier.TIER_1, "2026-02-01T00:00:00Z");
        Service y = entry("a", Tier.TIER_2, "2026-02-01T00:00:00Z");
        services.pipeInput("a", x);
        services.pipeInput("a", y);
        Service first = store().get("a");
        store().delete("a");
        services.pipeInput("a", y);
        services.pipeInput("a", x);
        assertThat(store().get("a")).isEqualTo(first);
    }

    @Test
    void aKeyThatIsNotTheServiceIdGoesToTheDeadLetterTopicWithItsReason() {
        services.pipeInput("wrong-key", entry("a", Tier.TIER_1, "2026-02-01T00:00:00Z"));
        services.pipeInput("b", entry("b", Tier.TIER_1, "2026-02-01T00:00:00Z"));

        assertThat(store().get("wrong-key")).isNull();
        assertThat(store().get("a")).isNull();
        assertThat(store().get("b")).isNotNull();
        var dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        Header message = dead.get(0).headers().lastHeader("__streams.errors.message");
        assertThat(new String(message.value(), StandardCharsets.UTF_8))
                .contains("record key 'wrong-key' differs from service_id 'a'");
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("wrong-key");
    }

    @Test
    void aTombstoneRemovesTheService() {
        services.pipeInput("a", entry("a", Tier.TIER_1, "2026-02-01T00:00:00Z"));
        services.pipeInput("a", (Service) null);
        assertThat(store().get("a")).isNull();
    }

    @Test
    void theStoreAndItsChangelogHoldSingleObjectEncodedEntriesAndRegisterNothing() {
        services.pipeInput("a", entry("a", Tier.TIER_1, "2026-02-01T00:00:00Z"));

        String changelog = "catalogue-test-" + CatalogueTopology.STORE + "-changelog";
        var logged = driver.createOutputTopic(changelog, new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).value()).startsWith((byte) 0xC3, (byte) 0x01);
        // Only the input's subject: the test registered it by producing; the app registered nothing for its own state.
        assertThat(com.devsecopsmetrics.serde.MockSchemaRegistry.forScope(registryScope).subjects())
                .containsExactly(Topics.SERVICES + "-value");
    }

    @Test
    void entriesStoredByTheEarlierReleaseInTheRegistrysWireFormatAreStillRead() {
        Service earlier = entry("a", Tier.TIER_2, "2026-01-01T00:00:00Z");
        // What the release before stored: the registry serde's bytes, under <application.id>-catalogue-changelog.
        byte[] wire = serdes.valueSerde(Service.class).serializer().serialize("catalogue-test-catalogue-changelog", earlier);
        assertThat(wire[0]).isEqualTo((byte) 0);
        CatalogueStoreSerde serde = new CatalogueStoreSerde(serdes.valueSerde(Service.class).deserializer());
        assertThat(serde.deserializer().deserialize("catalogue-test-catalogue-changelog", wire)).isEqualTo(earlier);
        byte[] now = serde.serializer().serialize("catalogue-test-catalogue-changelog", earlier);
        assertThat(serde.deserializer().deserialize("catalogue-test-catalogue-changelog", now)).isEqualTo(earlier);
    }
}
