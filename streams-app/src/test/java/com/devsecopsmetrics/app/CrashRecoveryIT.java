package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * DESIGN §7: killing an instance mid-stream loses and double-counts nothing. The application runs as a child
 * JVM ({@code dsm run}) that is killed with SIGKILL while it processes a backfill, then started again; the
 * answers must equal the independent computation.
 */
class CrashRecoveryIT {
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 5, 31);
    private static final int DAYS = 120;
    @TempDir
    Path dir;
    private EmbeddedKafkaOnly broker;
    private Process app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** The broker alone, so the application can be a separate process. */
    private static final class EmbeddedKafkaOnly implements AutoCloseable {
        final com.devsecopsmetrics.broker.EmbeddedKafka kafka;

        EmbeddedKafkaOnly(Path dir, int port) throws Exception {
            kafka = new com.devsecopsmetrics.broker.EmbeddedKafka(dir, port).start();
        }

        @Override
        public void close() {
            kafka.close();
        }
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.destroyForcibly();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Process startApp(String bootstrap, int restPort) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "com.devsecopsmetrics.cli.Dsm", "run",
                "-D", "bootstrap.servers=" + bootstrap, "-D", "rest.port=" + restPort,
                "-D", "state.dir=" + dir.resolve("state"), "-D", "rollup.interval.ms=500"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app-" + System.nanoTime() + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DSM_"));
        return pb.start();
    }

    @Test
    void aKilledInstanceResumesWithoutLosingOrDoubleCounting() throws Exception {
        broker = new EmbeddedKafkaOnly(dir.resolve("broker"), freePort());
        String bootstrap = broker.kafka.bootstrapServers();
        int restPort = freePort();
        Path data = dir.resolve("generated");
        assertThat(CliRunner.run("generate", "--services", "40", "--days", String.valueOf(DAYS), "--seed", "23",
                "--end", LAST_DAY.toString(), "--out", data.toString()).exitCode()).isZero();
        app = startApp(bootstrap, restPort);
        await().atMost(Duration.ofSeconds(90)).until(() -> status(restPort) == 200);
        for (String kind : ReferenceMetrics.KINDS) {
            assertThat(CliRunner.run("load", "--topic", kind, "--bootstrap-server", bootstrap,
                    data.resolve(kind + ".jsonl").toString()).out()).contains(" 0 rejected");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // Kill it once it has committed a good part of the work but not all: mid-stream, with an open
            // transaction and with rows committed from the write-back stores.
            long total = ConsumerLag.of(admin, "devsecops-metrics-not-a-group", Topics.INPUTS);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long lag = ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS);
                return lag > 0 && lag < total * 3 / 4;
            });
            app.destroyForcibly().waitFor();
            long lagAtKill = ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS);
            System.out.printf("killed with %d of %d events not yet committed%n", lagAtKill, total);

            app = startApp(bootstrap, restPort);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    status(restPort) == 200 && ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS) == 0);
        }
        ReferenceMetrics reference = ReferenceMetrics.fromDirectory(data);
        LocalDate from = LAST_DAY.minusDays(DAYS - 1);
        LocalDate to = LAST_DAY.plusDays(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode org = metrics(restPort, "org", from, to);
            Map<String, Object> dora = reference.dora("org", from, to);
            assertThat(org.path("dora").path("deployments").asLong()).isEqualTo(dora.get("deployments"));
            assertThat(org.path("dora").path("lead_time_samples").asLong()).isEqualTo(dora.get("lead_time_samples"));
            assertThat(org.path("dora").path("failed_deployments").asLong()).isEqualTo(dora.get("failed_deployments"));
            assertThat(org.path("dora").path("incidents_resolved").asLong()).isEqualTo(dora.get("incidents_resolved"));
            assertThat(org.path("security").path("commits").asLong()).isEqualTo(reference.security("org", from, to).get("commits"));
            Map<String, Object> debt = reference.debtFlow("org", from, to);
            assertThat(org.path("debt_flow").path("intake").asLong()).isEqualTo(debt.get("intake"));
            assertThat(org.path("debt_flow").path("fixed").asLong()).isEqualTo(debt.get("fixed"));
        });
        for (String service : reference.services()) {
            JsonNode one = metrics(restPort, "service:" + service, from, to);
            assertThat(one.path("dora").path("deployments").asLong()).as(service)
                    .isEqualTo(reference.dora("service:" + service, from, to).get("deployments"));
            assertThat(one.path("security").path("commits").asLong()).as(service)
                    .isEqualTo(reference.security("service:" + service, from, to).get("commits"));
        }
    }

    private int status(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private JsonNode metrics(int port, String scope, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

}
