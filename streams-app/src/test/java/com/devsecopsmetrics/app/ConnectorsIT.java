package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.serde.KafkaAvroDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The connectors in a real Kafka Connect standalone worker: a separate JVM with only connect-runtime on its
 * classpath and the plugin folder built by the connectors module on its {@code plugin.path}, configured from the
 * example files in connectors/config, writing to the embedded KRaft broker that the application reads. Signed
 * webhooks and dropped SARIF files become typed events on the topics, and the application's metrics move;
 * the expected figures are worked out by hand from the payloads.
 */
class ConnectorsIT {
    static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../connectors/src/test/fixtures"));
    static final Path CONNECTORS = Path.of("..", "connectors").toAbsolutePath().normalize();
    // The connector refuses secrets shorter than 32 bytes or that look like placeholders.
    static final String GITHUB_SECRET = "c0b7e2d94f1a8653e7d2c9b4a1f08e6d3c5b7a9e2f4d6c8b0a1e3f5d7c9b2a4e";
    static final String GITLAB_TOKEN = "8e3f1a6c9d2b5e7f0a4c8d1b6e9f3a2c5d7b0e4f8a1c6d9b3e5f7a0c2d4b8e1f";
    static final String PD_SECRET = "5a9d2f7c0e4b8a1d6f3c9e2b7a0d5f8c1e4b9a3d6f0c2e7b5a8d1f4c9e3b6a0d";
    static final String SARIF_SECRET = "f4c8a2e6d0b9f3c7a1e5d8b2f6c0a4e9d3b7f1c5a8e2d6b0f9c3a7e1d5b8f2c6";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static EmbeddedStack stack;
    static Process worker;
    static Path workerLog;
    static int restPort;
    static int webhookPort;
    static int workerPort;

    @BeforeAll
    static void start() throws Exception {
        restPort = freePort();
        // The fixtures date from 2019 to 2023 and the SARIF scans from 2026: keep them all inside the horizon.
        stack = new EmbeddedStack(dir.resolve("stack"), freePort(), restPort, Map.of(DsmConfig.RETENTION_DAYS, "20000")).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> get(restPort, "/health").statusCode() == 200);
        webhookPort = freePort();
        workerPort = freePort();
        worker = startWorker();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(worker.isAlive()).as("worker alive; its log: " + workerLog).isTrue();
            return running("devsecops-webhooks") && running("devsecops-sarif")
                    && get(webhookPort, "/health").statusCode() == 200;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    static Process startWorker() throws Exception {
        workerLog = dir.resolve("worker.log");
        return launchWorker(dir, workerProperties(dir, stack.bootstrapServers(), workerPort), webhookProperties(webhookPort),
                sarifProperties(dir));
    }

    /** connectors/config/sarif-directory-source.properties watching {@code dir}/sarif/in, polling quickly. */
    static Properties sarifProperties(Path dir) throws IOException {
        Properties sarif = load(CONNECTORS.resolve("config/sarif-directory-source.properties"));
        sarif.setProperty("input.dir", dir.resolve("sarif/in").toString());
        sarif.setProperty("finished.dir", dir.resolve("sarif/done").toString());
        sarif.setProperty("error.dir", dir.resolve("sarif/error").toString());
        sarif.setProperty("poll.interval.ms", "200");
        sarif.setProperty("file.min.age.ms", "0");
        return sarif;
    }

    /** connectors/config/connect-standalone.properties for a worker on this machine, with the plugin built by the connectors module. */
    static Properties workerProperties(Path dir, String bootstrapServers, int workerPort) throws IOException {
        Path pluginPath;
        try (Stream<Path> s = Files.list(CONNECTORS.resolve("target/plugin"))) {
            pluginPath = s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new IllegalStateException(
                    "no plugin folder under connectors/target/plugin: build the connectors module first (mvn verify from the root)"));
        }
        Properties workerProps = load(CONNECTORS.resolve("config/connect-standalone.properties"));
        workerProps.setProperty("bootstrap.servers", bootstrapServers);
        workerProps.setProperty("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        workerProps.setProperty("offset.flush.interval.ms", "1000");
        workerProps.setProperty("listeners", "http://127.0.0.1:" + workerPort);
        workerProps.setProperty("plugin.path", pluginPath.toString());
        return workerProps;
    }

    /** connectors/config/webhook-source.properties listening on {@code webhookPort}, with this test's secrets. */
    static Properties webhookProperties(int webhookPort) throws IOException {
        Properties webhooks = load(CONNECTORS.resolve("config/webhook-source.properties"));
        webhooks.setProperty("listener.port", String.valueOf(webhookPort));
        webhooks.setProperty("listener.host", "127.0.0.1");
        webhooks.setProperty("github.secret", GITHUB_SECRET);
        webhooks.setProperty("gitlab.token", GITLAB_TOKEN);
        webhooks.setProperty("pagerduty.secret", PD_SECRET);
        webhooks.setProperty("sarif.secret", SARIF_SECRET);
        webhooks.setProperty("service.map", "PF9KMXH=Hello-World");
        webhooks.setProperty("topic.creation.default.replication.factor", "1");
        return webhooks;
    }

    /** A standalone worker in a JVM of its own running these connectors; its output goes to {@code dir}/worker.log. */
    static Process launchWorker(Path dir, Properties workerProps, Properties... connectors) throws IOException {
        Path classpathFile = CONNECTORS.resolve("target/connect-worker.classpath");
        Path logback = Files.writeString(dir.resolve("worker-logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="com.devsecopsmetrics" level="INFO"/>
                  <logger name="org.apache.kafka.connect.runtime.isolation" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>""");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlogback.configurationFile=" + logback, "-cp", Files.readString(classpathFile).trim(),
                "org.apache.kafka.connect.cli.ConnectStandalone", store(dir, workerProps, "worker.properties")));
        for (int i = 0; i < connectors.length; i++) {
            command.add(store(dir, connectors[i], "connector-" + i + ".properties"));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            p.load(in);
        }
        return p;
    }

    static String store(Path dir, Properties p, String name) throws IOException {
        Path file = dir.resolve(name);
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file.toString();
    }

    static boolean running(String connector) throws Exception {
        HttpResponse<String> r = get(workerPort, "/connectors/" + connector + "/status");
        if (r.statusCode() != 200) {
            return false;
        }
        JsonNode status = JSON.readTree(r.body());
        return status.path("connector").path("state").asText().equals("RUNNING")
                && status.path("tasks").path(0).path("state").asText().equals("RUNNING");
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(path);
        }
    }

    static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort + path))
                .timeout(Duration.ofSeconds(40)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    static HttpResponse<String> github(String event, String fixture) throws Exception {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("github-webhooks").resolve(fixture));
        return post("/github", body, "X-GitHub-Event", event, "X-GitHub-Delivery", fixture,
                "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body), "Content-Type", "application/json");
    }

    static HttpResponse<String> pagerDuty(String type, String occurredAt) throws Exception {
        byte[] body = ("{\"event\":{\"id\":\"E-" + type + "\",\"event_type\":\"incident." + type + "\",\"resource_type\":\"incident\","
                + "\"occurred_at\":\"" + occurredAt + "\",\"data\":{\"id\":\"PGR0VU2\",\"type\":\"incident\",\"number\":2,"
                + "\"created_at\":\"2020-10-02T18:45:21Z\",\"title\":\"Checkout 5xx spike, root cause: 145988746\","
                + "\"service\":{\"id\":\"PF9KMXH\",\"summary\":\"API Service\"}}}}").getBytes(StandardCharsets.UTF_8);
        return post("/pagerduty", body, "X-PagerDuty-Signature", "v1=" + hmac(PD_SECRET, body));
    }

    static void drop(String name, byte[] sarif, String modified) throws IOException {
        Path staged = Files.write(Files.createDirectories(dir.resolve("sarif/staging")).resolve(name), sarif);
        Files.setLastModifiedTime(staged, FileTime.from(Instant.parse(modified)));
        Files.move(staged, Files.createDirectories(dir.resolve("sarif/in/web")).resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static JsonNode metrics(String scope, String from, String to) throws Exception {
        HttpResponse<String> r = get(restPort, "/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    static <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values, int atLeast) {
        return readAllFrom(stack.bootstrapServers(), topic, values, atLeast);
    }

    /** Every record of {@code topic} (at least {@code atLeast}, waiting up to 30 s for them) on the cluster at {@code bootstrapServers}. */
    static <V> List<ConsumerRecord<String, V>> readAllFrom(String bootstrapServers, String topic, Deserializer<V> values, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(out::add); // anything beyond the expected count shows too
        }
        return out;
    }

    static KafkaAvroDeserializer avro() {
        KafkaAvroDeserializer d = new KafkaAvroDeserializer();
        d.configure(Map.of("schema.registry.url", "mock://embedded", "specific.avro.reader", "true"), false);
        return d;
    }

    @Test
    void signedWebhooksAndDroppedSarifBecomeTypedEventsAndMoveTheMetrics() throws Exception {
        // SARIF files: CodeQL's 72 results on 1 March, the same log without one result on 5 March, and all 72 again on
        // 9 March (the folder names the service).
        // Written elsewhere with their times set, then moved in whole, as a CI job should drop them.
        byte[] full = Files.readAllBytes(FIXTURES.resolve("sarif/codeQL-output.sarif"));
        ObjectNode log = (ObjectNode) JSON.readTree(full);
        ((ArrayNode) log.path("runs").get(0).path("results")).remove(0);
        drop("codeql-1.sarif", full, "2026-03-01T10:00:00Z");
        drop("codeql-2.sarif", JSON.writeValueAsBytes(log), "2026-03-05T10:00:00Z");
        drop("codeql-3.sarif", full, "2026-03-09T10:00:00Z");

        assertThat(github("push", "push.4.json").statusCode()).isEqualTo(200);
        HttpResponse<String> deployed = github("deployment_status", "deployment_status.created.0.json");
        assertThat(deployed.statusCode()).isEqualTo(200);
        assertThat(deployed.body()).contains("\"deployments\":1");
        assertThat(github("code_scanning_alert", "code_scanning_alert.created.2.json").statusCode()).isEqualTo(200);
        byte[] job = Files.readAllBytes(FIXTURES.resolve("gitlab-webhooks/job.json"));
        assertThat(post("/gitlab", job, "X-Gitlab-Token", GITLAB_TOKEN).statusCode()).isEqualTo(200);
        assertThat(pagerDuty("triggered", "2020-10-02T18:45:22.169Z").statusCode()).isEqualTo(200);
        assertThat(pagerDuty("resolved", "2020-10-02T20:15:22.500Z").statusCode()).isEqualTo(200);
        HttpResponse<String> star = github("star", "ping.0.json");
        assertThat(star.statusCode()).isEqualTo(202);
        assertThat(star.body()).contains("GitHub event type 'star' is not mapped to the contract");
        byte[] gitleaks = Files.readAllBytes(FIXTURES.resolve("sarif/gitleaks_7.5.0.sarif"));
        byte[] routedGitleaks = ("service=secrets-svc\n" + new String(gitleaks, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        assertThat(post("/sarif?service=secrets-svc", gitleaks, "Content-Type", "application/sarif+json", // the signature covers the routing
                "X-Hub-Signature-256", "sha256=" + hmac(SARIF_SECRET, routedGitleaks)).statusCode()).isEqualTo(200);
        // refused: nothing of these reaches Kafka
        assertThat(post("/github", job, "X-GitHub-Event", "push").statusCode()).isEqualTo(401);
        byte[] tampered = job.clone();
        tampered[10] ^= 1;
        assertThat(post("/github", tampered, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, job)).statusCode()).isEqualTo(401);
        byte[] notJson = "{\"ref\":".getBytes(StandardCharsets.UTF_8);
        assertThat(post("/github", notJson, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, notJson)).statusCode()).isEqualTo(400);

        // The typed events on their topics, keyed by service_id, in the contract's Avro (read with the app's deserializer).
        var deployments = readAll("devsecops.deployments", avro(), 2);
        assertThat(deployments).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("Hello-World", "release-tools-fake");
        Deployment github = deployments.stream().map(r -> (Deployment) r.value()).filter(d -> d.getDeploymentId().equals("145988746")).findFirst().orElseThrow();
        assertThat(github.getCommitIds()).containsExactly("6113728f27ae82c7b1a177c8d03f9e96e0adf246", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        assertThat(readAll("devsecops.commits", avro(), 1)).hasSize(1);
        var incidents = readAll("devsecops.incidents", avro(), 2);
        assertThat(incidents).hasSize(2).allSatisfy(r -> assertThat(((Incident) r.value()).getCausedByDeploymentId()).isEqualTo("145988746"));
        // findings: 1 code scanning alert + 4 gitleaks secrets + 72 + 71 + 72 CodeQL results; scans: gitleaks + three CodeQL runs
        assertThat(readAll("devsecops.findings", avro(), 220)).hasSize(220);
        assertThat(readAll("devsecops.scan-results", avro(), 4)).hasSize(4);
        // the raw bodies of the 8 accepted requests (the skipped "star" one too), for replay
        var raw = readAll("devsecops.raw.webhooks", new ByteArrayDeserializer(), 8);
        assertThat(raw).hasSize(8);
        assertThat(raw).anySatisfy(r -> assertThat(r.value()).isEqualTo(job));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("sarif/done/web/codeql-3.sarif")));

        // Metrics worked out by hand: the GitHub deployment ships commit 6113728f (committed 15:19:25, deployed 15:20:55:
        // 0.025 h) and f95f852b (no commit event: no sample); the PagerDuty incident names it, so it failed.
        try {
            awaitMetrics();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\napp health: " + get(restPort, "/health").body()
                    + "\nservice:web March: " + metrics("service:web", "2026-03-01", "2026-04-01"), e);
        }
        assertThat(Files.readString(workerLog)).doesNotContain("ERROR");
    }

    static void awaitMetrics() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode may = metrics("service:Hello-World", "2019-05-01", "2019-06-01").path("dora");
            assertThat(may.path("deployments").asLong()).isEqualTo(1);
            assertThat(may.path("lead_time_samples").asLong()).isEqualTo(1);
            assertThat(may.path("lead_time_hours_p50").asDouble()).isCloseTo(0.025, within(0.025 * 0.01));
            assertThat(may.path("change_failure_rate").asDouble()).isEqualTo(1.0);
            // opened 18:45:21, resolved 20:15:22.5: 5401.5 s = 1.50042 h
            JsonNode october = metrics("service:Hello-World", "2020-10-01", "2020-11-01").path("dora");
            assertThat(october.path("incidents_resolved").asLong()).isEqualTo(1);
            assertThat(october.path("time_to_restore_hours_p50").asDouble()).isCloseTo(1.500417, within(0.015));
            // CodeQL: 72 findings first seen on 1 March; the 5 March scan lacks one: the app closes it.
            assertThat(metrics("service:web", "2026-03-01", "2026-03-02").path("debt_flow").path("intake").asLong()).isEqualTo(72);
            assertThat(metrics("service:web", "2026-03-05", "2026-03-06").path("debt_flow").path("fixed").asLong()).isEqualTo(1);
            // The 9 March scan observes it again: the app reopens it, a second episode.
            assertThat(metrics("service:web", "2026-03-09", "2026-03-10").path("debt_flow").path("reopened").asLong()).isEqualTo(1);
        });
    }

    /** A connection that failed is answered like a 503 so the wait loops go on. */
    private record FailedResponse(String path) implements HttpResponse<String> {
        public int statusCode() {
            return 503;
        }

        public HttpRequest request() {
            return null;
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        public String body() {
            return "";
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return URI.create("http://127.0.0.1" + path);
        }

        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
