package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dsm reset} on a real KRaft broker: it refuses while the application runs and when not confirmed; on a
 * stopped application it resets the input offsets, deletes the internal topics and the local state, and the next
 * start reads every input again and gives the same answers.
 */
class ResetIT {
    private static final String APP_ID = "devsecops-metrics";
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 5, 31);
    private static final int DAYS = 30;
    @TempDir
    Path dir;
    private EmbeddedKafka kafka;
    private MetricsApplication app;
    private EmbeddedStack stack;
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable running : java.util.Arrays.asList(app, kafka, stack)) { // the application before its broker
            if (running != null) {
                running.close();
            }
        }
    }

    private DsmConfig config(int restPort) throws Exception {
        return DsmConfig.load(null, Map.of(), Map.of(DsmConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DsmConfig.STATE_DIR, dir.resolve("state").toString(), DsmConfig.REST_PORT, String.valueOf(restPort),
                DsmConfig.TOPIC_PARTITIONS, "2", DsmConfig.ROLLUP_INTERVAL_MS, "500"));
    }

    private CliRunner.Result reset(String... extra) {
        List<String> args = new ArrayList<>(List.of("reset", "-D", "bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "state.dir=" + dir.resolve("state")));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aStoppedApplicationIsResetAndReadsEveryInputAgain() throws Exception {
        kafka = new EmbeddedKafka(dir.resolve("broker"), freePort()).start();
        int restPort = freePort();
        Path data = dir.resolve("generated");
        assertThat(CliRunner.run("generate", "--services", "8", "--days", String.valueOf(DAYS), "--seed", "31",
                "--end", LAST_DAY.toString(), "--out", data.toString()).exitCode()).isZero();
        app = new MetricsApplication(config(restPort)).start();
        for (String kind : ReferenceMetrics.KINDS) {
            assertThat(CliRunner.run("load", "--topic", kind, "--bootstrap-server", kafka.bootstrapServers(),
                    data.resolve(kind + ".jsonl").toString()).exitCode()).isZero();
        }
        ReferenceMetrics reference = ReferenceMetrics.fromDirectory(data);
        List<Long> before = awaitReferenceFigures(restPort, reference);
        String servicesBefore = LocalRest.get(restPort, "/api/v1/services").body();
        Path localState = dir.resolve("state").resolve(APP_ID);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<String> internal = internalTopics(admin);
            assertThat(internal).isNotEmpty().allMatch(t -> t.endsWith("-changelog") || t.endsWith("-repartition"));
            assertThat(committedInputOffsets(admin).values().stream().mapToLong(Long::longValue).sum()).isPositive();

            CliRunner.Result whileRunning = reset("--yes");
            assertThat(whileRunning.exitCode()).as(whileRunning.err()).isEqualTo(3);
            assertThat(whileRunning.err()).contains("is running: its consumer group has").contains("Nothing was changed");
            assertThat(internalTopics(admin)).isEqualTo(internal);
            assertThat(localState).isDirectory();

            app.close();
            app = null;
            CliRunner.Result declined = withStdin("no\n", () -> reset());
            assertThat(declined.exitCode()).isEqualTo(1);
            assertThat(declined.out()).contains("delete its " + internal.size() + " internal topics").contains("Nothing was changed");
            assertThat(internalTopics(admin)).isEqualTo(internal);

            CliRunner.Result done = reset("--yes");
            assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
            assertThat(internalTopics(admin)).isEmpty();
            assertThat(committedInputOffsets(admin)).isNotEmpty().allSatisfy((tp, offset) -> assertThat(offset).as(tp.toString()).isZero());
            assertThat(localState).doesNotExist();
            assertThat(dir.resolve("state")).isDirectory(); // only this application's folder goes

            app = new MetricsApplication(config(restPort)).start();
            await().atMost(Duration.ofMinutes(2)).until(() -> LocalRest.status(restPort, "/health/ready") == 200
                    && ConsumerLag.of(admin, APP_ID, Topics.INPUTS) == 0);
            assertThat(internalTopics(admin)).containsExactlyInAnyOrderElementsOf(internal);
        }
        assertThat(awaitReferenceFigures(restPort, reference)).isEqualTo(before);
        assertThat(json.readTree(LocalRest.get(restPort, "/api/v1/services").body())).isEqualTo(json.readTree(servicesBefore));
    }

    @Test
    void theEmbeddedStackIsResetInItsDataDirAndNotWhileItRuns() throws Exception {
        Path dataDir = dir.resolve("data");
        int restPort = freePort();
        stack = new EmbeddedStack(dataDir, freePort(), restPort, Map.of(DsmConfig.TOPIC_PARTITIONS, "2")).start();
        Path services = dir.resolve("services.jsonl");
        Files.writeString(services, "{\"service_id\":\"reset-svc\",\"name\":\"r\",\"team\":\"core\",\"tier\":\"TIER_2\","
                + "\"repos\":[],\"internet_facing\":false,\"regulated\":false,\"attestations\":[],\"updated_at\":\"2026-01-01T00:00:00Z\"}\n");
        assertThat(CliRunner.run("load", "--topic", "services", "--bootstrap-server", stack.bootstrapServers(), services.toString())
                .exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> LocalRest.get(restPort, "/api/v1/services").body().contains("reset-svc"));

        CliRunner.Result whileUp = CliRunner.run("reset", "--yes", "--data-dir", dataDir.toString());
        assertThat(whileUp.exitCode()).isEqualTo(3);
        assertThat(whileUp.err()).contains("already running with data dir").contains("stop it (Ctrl-C) before resetting");

        stack.close();
        stack = null;
        Path localState = EmbeddedStack.stateDir(dataDir).resolve(APP_ID);
        assertThat(localState).isDirectory();
        CliRunner.Result done = CliRunner.run("reset", "--yes", "--data-dir", dataDir.toString());
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("remove its local state " + localState);
        assertThat(localState).doesNotExist();

        // The catalogue comes back only by reading devsecops.services again from the earliest offset.
        stack = new EmbeddedStack(dataDir, freePort(), restPort, Map.of(DsmConfig.TOPIC_PARTITIONS, "2")).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> LocalRest.status(restPort, "/health/ready") == 200
                && LocalRest.get(restPort, "/api/v1/services").body().contains("reset-svc"));
    }

    /** The org's counts over the generated period, once they equal the independent computation's. */
    private List<Long> awaitReferenceFigures(int restPort, ReferenceMetrics reference) {
        LocalDate from = LAST_DAY.minusDays(DAYS - 1);
        LocalDate to = LAST_DAY.plusDays(1);
        Map<String, Object> dora = reference.dora("org", from, to);
        List<Long> expected = List.of(((Number) dora.get("deployments")).longValue(), ((Number) dora.get("failed_deployments")).longValue(),
                ((Number) reference.security("org", from, to).get("commits")).longValue(),
                ((Number) reference.debtFlow("org", from, to).get("intake")).longValue());
        assertThat(expected.get(0)).isPositive();
        List<Long> seen = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = LocalRest.get(restPort, "/api/v1/metrics?scope=org&from=" + from + "&to=" + to);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode org = json.readTree(r.body());
            seen.clear();
            seen.addAll(List.of(org.path("dora").path("deployments").asLong(), org.path("dora").path("failed_deployments").asLong(),
                    org.path("security").path("commits").asLong(), org.path("debt_flow").path("intake").asLong()));
            assertThat(seen).isEqualTo(expected);
        });
        return List.copyOf(seen);
    }

    private static List<String> internalTopics(Admin admin) throws Exception {
        return admin.listTopics().names().get().stream().filter(t -> t.startsWith(APP_ID + "-")).sorted().toList();
    }

    private static Map<TopicPartition, Long> committedInputOffsets(Admin admin) throws Exception {
        Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get();
        all.forEach((tp, o) -> {
            if (Topics.INPUTS.contains(tp.topic()) && o != null) {
                offsets.put(tp, o.offset());
            }
        });
        return offsets;
    }

    private static CliRunner.Result withStdin(String input, java.util.function.Supplier<CliRunner.Result> run) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(old);
        }
    }
}
