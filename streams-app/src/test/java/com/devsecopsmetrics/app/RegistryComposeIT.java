package com.devsecopsmetrics.app;

import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.ingest.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What docker-compose.yml runs, as processes on this machine, with a real schema registry and a client that is not
 * Java: a broker JVM ({@code dsm up --broker-only}), Apicurio Registry 3 (its Confluent-compatible API; fetched by
 * Maven into target/apicurio-registry, run on Java 21+), two application instances ({@code dsm run}, one consumer
 * group), and a Kafka Connect worker with the plugin folder, its Avro converter pointed at the registry.
 * The catalogue comes from {@code dsm load}, commits and deployments from Python's confluent-kafka (librdkafka's
 * default partitioner, schemas registered by the Python registry client), a deployment from a signed GitHub webhook
 * and findings from a dropped SARIF file. Python then reads every output topic, fetching writer schemas by id from
 * the registry, and what it read adds up to what both instances answer over REST and to what was sent.
 */
class RegistryComposeIT {
    static final Path APICURIO = Path.of("target/apicurio-registry/quarkus-run.jar").toAbsolutePath();
    /** Apicurio 3 needs Java 21 or later; the build itself runs on 17. */
    static final String REGISTRY_JAVA = System.getProperty("registry.java", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    static final String PYTHON = System.getProperty("python", "/usr/bin/python3");
    static final Path CLIENT = Path.of("src/test/python/registry_client.py").toAbsolutePath();
    static final Path AVRO = Path.of("../schemas/src/main/avro").toAbsolutePath().normalize();
    static final int PARTITIONS = 3;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Process broker;
    static Process registry;
    static Process worker;
    static ChildApplication first;
    static ChildApplication second;
    static String bootstrap;
    static String registryUrl;
    static int webhookPort;

    @BeforeAll
    static void start() throws Exception {
        assertThat(APICURIO).as("Apicurio Registry, unpacked by the pre-integration-test phase (mvn verify)").exists();
        assertThat(Path.of(REGISTRY_JAVA)).as("a Java 21+ for Apicurio Registry: give its bin/java with -Dregistry.java=...").exists();
        int kafkaPort = freePort();
        int registryPort = freePort();
        bootstrap = "localhost:" + kafkaPort;
        registryUrl = "http://localhost:" + registryPort + "/apis/ccompat/v7";
        broker = launch("broker.log", List.of(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "com.devsecopsmetrics.cli.Dsm", "up", "--broker-only", "--kafka-port", String.valueOf(kafkaPort),
                "--data-dir", dir.resolve("broker").toString()));
        registry = launch("registry.log", List.of(REGISTRY_JAVA, "-Xmx384m", "-Dquarkus.http.port=" + registryPort,
                "-Dquarkus.http.host=127.0.0.1", "-jar", APICURIO.toString()));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(broker.isAlive()).as("broker alive, see " + dir.resolve("broker.log")).isTrue();
            assertThat(registry.isAlive()).as("registry alive, see " + dir.resolve("registry.log")).isTrue();
            return Files.readString(dir.resolve("broker.log")).contains("Kafka is up") && status(registryUrl + "/subjects") == 200;
        });
        phase("broker and registry up");
        Map<String, String> settings = Map.of("schema.registry.url", registryUrl, "topic.partitions", String.valueOf(PARTITIONS),
                // the webhook fixtures date from 2019
                "retention.days", "20000", "num.stream.threads", "1", "rollup.interval.ms", "500", "snapshot.interval.ms", "1000");
        // Both instances at once, as compose starts them; each creates the topics that do not exist yet.
        first = new ChildApplication(Files.createDirectories(dir.resolve("app-1")), bootstrap, "512m", settings).start();
        second = new ChildApplication(Files.createDirectories(dir.resolve("app-2")), bootstrap, "512m", settings).start();
        first.awaitUp(Duration.ofSeconds(120));
        phase("broker, registry and the first instance up");
        webhookPort = freePort();
        Properties workerProps = ConnectorsIT.workerProperties(dir, bootstrap, freePort());
        workerProps.setProperty("value.converter.schema.registry.url", registryUrl);
        worker = ConnectorsIT.launchWorker(dir, workerProps, ConnectorsIT.webhookProperties(webhookPort), ConnectorsIT.sarifProperties(dir));
        second.awaitUp(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(worker.isAlive()).as("worker alive, see " + dir.resolve("worker.log")).isTrue();
            return status("http://127.0.0.1:" + webhookPort + "/health") == 200;
        });
        phase("second instance and Connect worker up");
    }

    static final long STARTED = System.nanoTime();

    /** Where the time goes, in the test's output. */
    static void phase(String what) {
        System.out.printf("RegistryComposeIT: %s at %.1f s%n", what, (System.nanoTime() - STARTED) / 1e9);
    }

    @AfterAll
    static void stop() throws Exception {
        stop(worker);
        for (ChildApplication app : new ChildApplication[] {second, first}) {
            if (app != null) {
                stop(app.process());
            }
        }
        stop(registry);
        stop(broker);
    }

    @Test
    void pythonAndJavaClientsThroughARealRegistryGiveTheAnswersBothInstancesServe() throws Exception {
        // The catalogue, with bin/dsm load against the registry.
        Path catalogue = dir.resolve("services.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            lines.append("{\"service_id\":\"py-svc-").append(i).append("\",\"name\":\"svc ").append(i).append("\",\"team\":\"")
                    .append(i <= 3 ? "alpha" : "beta").append("\",\"tier\":\"").append(i <= 3 ? "TIER_1" : "TIER_2")
                    .append("\",\"repos\":[\"acme/py-svc-").append(i).append("\"],\"internet_facing\":false,\"regulated\":false,")
                    .append("\"attestations\":[],\"updated_at\":\"2026-01-01T00:00:00Z\"}\n");
        }
        Files.writeString(catalogue, lines);
        CliRunner.Result loaded = CliRunner.run("load", "--topic", "services", catalogue.toString(), "--bootstrap-server", bootstrap,
                "-D", "schema.registry.url=" + registryUrl);
        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("6 sent, 0 rejected");

        // Commits and deployments from Python, with librdkafka's default partitioner.
        Path sent = dir.resolve("python-sent.json");
        python("produce", bootstrap, registryUrl, AVRO.toString(), sent.toString());
        JsonNode perDay = JSON.readTree(sent.toFile()).path("deployments");
        phase("catalogue loaded, Python produced");

        // A signed GitHub push and deployment status through the webhook connector, and a SARIF file dropped in its folder.
        assertThat(github("push", "push.4.json").statusCode()).isEqualTo(200);
        assertThat(github("deployment_status", "deployment_status.created.0.json").statusCode()).isEqualTo(200);
        Path staged = Files.copy(ConnectorsIT.FIXTURES.resolve("sarif/codeQL-output.sarif"),
                Files.createDirectories(dir.resolve("sarif/staging")).resolve("codeql.sarif"));
        Files.setLastModifiedTime(staged, FileTime.from(Instant.parse("2026-03-01T10:00:00Z")));
        Files.move(staged, Files.createDirectories(dir.resolve("sarif/in/web")).resolve("codeql.sarif"), StandardCopyOption.ATOMIC_MOVE);

        // Both instances answer what was sent (each forwards what the other holds).
        Map<String, Long> orgSent = new TreeMap<>();
        Map<String, Long> alphaSent = new TreeMap<>();
        perDay.fields().forEachRemaining(day -> day.getValue().fields().forEachRemaining(service -> {
            orgSent.merge(day.getKey(), service.getValue().asLong(), Long::sum);
            if (List.of("py-svc-1", "py-svc-2", "py-svc-3").contains(service.getKey())) {
                alphaSent.merge(day.getKey(), service.getValue().asLong(), Long::sum);
            }
        }));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (ChildApplication app : List.of(first, second)) {
                for (String day : orgSent.keySet()) {
                    JsonNode org = metrics(app, "org", day).path("dora");
                    assertThat(org.path("deployments").asLong()).as("org deployments " + day).isEqualTo(orgSent.get(day));
                    assertThat(org.path("lead_time_samples").asLong()).as("org lead time samples " + day).isEqualTo(orgSent.get(day));
                    assertThat(metrics(app, "team:alpha", day).path("dora").path("deployments").asLong()).isEqualTo(alphaSent.get(day));
                }
                JsonNode may2019 = app.get("/api/v1/metrics?scope=service:Hello-World&from=2019-05-01&to=2019-06-01").path("dora");
                assertThat(may2019.path("deployments").asLong()).isEqualTo(1);
                assertThat(may2019.path("lead_time_samples").asLong()).isEqualTo(1);
                assertThat(metrics(app, "service:web", "2026-03-01").path("debt_flow").path("intake").asLong()).isEqualTo(72);
            }
        });
        phase("both instances answer what was sent");
        for (String query : List.of("/api/v1/metrics?scope=org&from=2026-03-01&to=2026-03-05",
                "/api/v1/metrics?scope=team:beta&from=2026-03-01&to=2026-03-05")) {
            assertThat(second.get(query)).as(query).isEqualTo(first.get(query));
        }

        // Python reads every output topic, fetching the writer schemas from the registry by id; the service-days it read add
        // up to what was sent and to the REST answers (awaited above).
        Path read = dir.resolve("python-read.json");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            python("read", bootstrap, registryUrl, read.toString());
            JsonNode daily = JSON.readTree(read.toFile()).path("last").path(Topics.METRICS_DAILY);
            Map<String, Long> org = new TreeMap<>();
            Map<String, Long> alpha = new TreeMap<>();
            Map<String, Long> helloWorld = new HashMap<>();
            daily.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    return;
                }
                String service = e.getKey().substring(0, e.getKey().indexOf('|'));
                String day = e.getKey().substring(e.getKey().indexOf('|') + 1);
                long deployments = e.getValue().path("deployments").asLong();
                if (service.startsWith("py-svc-")) {
                    org.merge(day, deployments, Long::sum);
                    if (e.getValue().path("team").asText().equals("alpha")) {
                        alpha.merge(day, deployments, Long::sum);
                    }
                }
                helloWorld.merge(service, deployments, Long::sum);
                if (e.getKey().equals("web|2026-03-01")) {
                    assertThat(e.getValue().path("intake").asLong()).isEqualTo(72);
                }
            });
            assertThat(org).isEqualTo(orgSent);
            assertThat(alpha).isEqualTo(alphaSent);
            assertThat(helloWorld.get("Hello-World")).isEqualTo(1);
            assertThat(daily.has("web|2026-03-01")).isTrue();
            assertThat(JSON.readTree(read.toFile()).path("last").path(Topics.METRICS_SNAPSHOT).size()).isPositive();
        });

        phase("Python read the outputs");
        // librdkafka's partitioner put some keys where Java's would not: the app counted them all the same (above).
        assertThat(misplaced(Topics.DEPLOYMENTS)).as("records not on murmur2's partition").isPositive();

        // The registry: the outputs the app owns are BACKWARD; nothing of the app's internal state was registered.
        JsonNode subjects = JSON.readTree(body(registryUrl + "/subjects"));
        List<String> names = new ArrayList<>();
        subjects.forEach(s -> names.add(s.asText()));
        assertThat(names).contains("devsecops.services-value", "devsecops.commits-value", "devsecops.deployments-value",
                "devsecops.findings-value", "devsecops.scan-results-value", Topics.METRICS_DAILY + "-value",
                Topics.METRICS_SNAPSHOT + "-value");
        assertThat(names).noneMatch(s -> s.startsWith("devsecops-metrics"));
        for (String subject : RegistryHygiene.OWNED_SUBJECTS) {
            assertThat(JSON.readTree(body(registryUrl + "/config/" + subject)).path("compatibilityLevel").asText())
                    .as(subject).isEqualTo("BACKWARD");
        }
        assertThat(JSON.readTree(body(registryUrl + "/config")).path("compatibilityLevel").asText())
                .as("the registry's global level, which the app leaves alone").isNotEqualTo("BACKWARD");
        assertThat(Files.readString(dir.resolve("worker.log"))).doesNotContain("ERROR");
    }

    /** How many records of the topic sit on another partition than Java's default partitioner (murmur2) would choose. */
    static long misplaced(String topic) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.partition() != Utils.toPositive(Utils.murmur2(r.key())) % partitions.size()) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    static JsonNode metrics(ChildApplication app, String scope, String day) throws Exception {
        return app.get("/api/v1/metrics?scope=" + scope + "&from=" + day + "&to=" + LocalDate.parse(day).plusDays(1));
    }

    static HttpResponse<String> github(String event, String fixture) throws Exception {
        byte[] body = Files.readAllBytes(ConnectorsIT.FIXTURES.resolve("github-webhooks").resolve(fixture));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort + "/github")).timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .headers("X-GitHub-Event", event, "X-GitHub-Delivery", fixture, "Content-Type", "application/json",
                        "X-Hub-Signature-256", "sha256=" + ConnectorsIT.hmac(ConnectorsIT.GITHUB_SECRET, body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the Python client to its end; its output goes to a log named after the command. */
    static void python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, CLIENT.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("python-" + args[0] + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        assertThat(p.exitValue()).as("python " + args[0] + ": " + Files.readString(log)).isZero();
    }

    static Process launch(String log, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DSM_"));
        return pb.start();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String body(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
        return r.body();
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
