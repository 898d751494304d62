package com.devsecopsmetrics.app;

import com.devsecopsmetrics.admission.KeyPartition;
import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.ingest.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §7: an unrecoverable error makes the process exit non-zero, and the restart never fails again on the record
 * that caused it. The application runs as a child JVM ({@code dsm run}) with a defect injected for one service's
 * records; it must exit with code 70, and the next start must set that record aside in the dead-letter topic and
 * count every other one.
 */
class CrashHandlingIT {
    @TempDir
    Path dir;
    @AutoClose
    private EmbeddedKafka broker;
    @AutoClose
    private ChildApplication app;


    private ChildApplication withInjectedDefect(String bootstrap) throws Exception {
        return new ChildApplication(dir, bootstrap, "512m", Map.of("num.stream.threads", "1",
                "processor.wrapper.class", FaultInjection.class.getName(), FaultInjection.KEY_CONFIG, "svc-poison"));
    }

    @Test
    void aDefectStopsTheProcessNonZeroAndTheRestartSetsTheRecordAside() throws Exception {
        broker = new EmbeddedKafka(dir.resolve("broker"), freePort()).start();
        String bootstrap = broker.bootstrapServers();
        app = withInjectedDefect(bootstrap).start().awaitUp(Duration.ofSeconds(90));

        Instant yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Path deployments = dir.resolve("deployments.jsonl");
        Files.write(deployments, List.of(deployment("svc-a", "d1", yesterday.plusSeconds(3600)),
                deployment("svc-poison", "d2", yesterday.plusSeconds(7200)),
                deployment("svc-b", "d3", yesterday.plusSeconds(10800))));
        assertThat(CliRunner.run("load", "--topic", "deployments", "--bootstrap-server", bootstrap, deployments.toString()).out())
                .contains("3 sent");

        assertThat(app.process().waitFor(90, TimeUnit.SECONDS)).as("the process exits on the defect").isTrue();
        assertThat(app.process().exitValue()).isEqualTo(MetricsApplication.EXIT_STREAMS_FAILED);

        app.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    app.health() == 200 && ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS) == 0);
        }
        assertThat(app.process().isAlive()).as("the restart does not fail on the same record").isTrue();
        ConsumerRecord<byte[], byte[]> letter = deadLetter(bootstrap);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("svc-poison");
        assertThat(new String(letter.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                .contains("stopped the application before").contains("injected defect");
        assertThat(Integer.parseInt(new String(letter.headers().lastHeader("__streams.errors.partition").value(), StandardCharsets.UTF_8)))
                .isEqualTo(KeyPartition.of("svc-poison", 6));
        LocalDate day = LocalDate.ofInstant(yesterday, ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metrics(day).path("dora").path("deployments").asLong()).isEqualTo(2));
    }

    private static String deployment(String service, String id, Instant at) {
        return "{\"deployment_id\":\"" + id + "\",\"service_id\":\"" + service + "\",\"environment\":\"production\",\"status\":\"SUCCEEDED\","
                + "\"deployed_at\":\"" + at + "\",\"commit_ids\":[],\"is_hotfix\":false,\"security_gate\":\"PASSED\",\"evidence\":[]}";
    }

    private ConsumerRecord<byte[], byte[]> deadLetter(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-handling-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DLQ));
            long deadline = System.currentTimeMillis() + 30_000;
            while (letters.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(letters::add);
        }
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    private JsonNode metrics(LocalDate day) throws Exception {
        return app.get("/api/v1/metrics?scope=org&from=" + day + "&to=" + day.plusDays(1));
    }
}
