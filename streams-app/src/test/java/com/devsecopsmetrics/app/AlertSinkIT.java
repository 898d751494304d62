package com.devsecopsmetrics.app;

import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.AlertStatus;
import com.devsecopsmetrics.serde.SpecificAvroSerde;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert sink connector in a real Connect standalone worker (its own JVM, the plugin folder on plugin.path, the
 * example configs with the target URLs read through the worker's file config provider): alerts written to
 * {@code devsecops.alerts} as the streams app writes them (Avro in the Confluent wire format, key = scope) reach a
 * local HTTP receiver that answers 500 to the first attempt of every message and 200 to the next. Each opened and
 * cleared state change is posted successfully exactly once per target, the retry carrying the same idempotency key;
 * a record that is no alert goes to the dead-letter topic.
 */
class AlertSinkIT {
    static final String SIGNING_SECRET = "3e8b1f6a9c2d5e7f0b4a8c1d6e9f2a5b7c0d3e6f9a1b4c7d0e2f5a8b1c4d7e0f";
    static final String SECRET_PATH = "/T0ALERTS/B0SINK/k3ep-th1s-out-of-logs";
    static final List<String> TARGETS = List.of("webhook", "slack", "teams");

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static HttpServer receiver;
    static Process worker;
    static int workerPort;
    /** Every request the receiver got: target path and body, in order; and the idempotency keys of the webhook's. */
    static final List<String[]> requests = new CopyOnWriteArrayList<>();
    static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka(dir.resolve("kafka"), freePort()).start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.ALERTS, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", AlertSinkIT::receive);
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        // The URLs as an operator keeps them: in a file the worker reads through its file config provider.
        Path urls = Files.writeString(dir.resolve("alert-webhooks.properties"), String.join("\n",
                "webhook.url=" + base + "/webhook" + SECRET_PATH, "slack.url=" + base + "/slack" + SECRET_PATH,
                "teams.url=" + base + "/teams" + SECRET_PATH, "webhook.signing.secret=" + SIGNING_SECRET,
                "webhook.authorization=Bearer it-token-0f3a9c"));
        workerPort = freePort();
        Properties workerProps = ConnectorsIT.workerProperties(dir, kafka.bootstrapServers(), workerPort);
        worker = ConnectorsIT.launchWorker(dir, workerProps, sink("webhook", "alert-webhook-sink", urls), sink("slack", "alert-slack-sink", urls),
                sink("teams", "alert-slack-sink", urls));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(worker.isAlive()).as("worker alive; its log: " + dir.resolve("worker.log")).isTrue();
            return TARGETS.stream().allMatch(AlertSinkIT::running);
        });
    }

    /** An example config (connectors/config) for {@code target}, its secrets from {@code urls}, retrying quickly, http allowed. */
    static Properties sink(String target, String example, Path urls) throws IOException {
        Properties p = ConnectorsIT.load(ConnectorsIT.CONNECTORS.resolve("config/" + example + ".properties"));
        p.setProperty("name", "alerts-" + target);
        p.setProperty("target.type", target);
        p.setProperty("target.url", "${file:" + urls + ":" + target + ".url}");
        p.setProperty("target.allow.insecure.http", "true"); // the receiver is on this host
        if (target.equals("webhook")) {
            p.setProperty("webhook.authorization", "${file:" + urls + ":webhook.authorization}");
            p.setProperty("webhook.signing.secret", "${file:" + urls + ":webhook.signing.secret}");
        }
        p.setProperty("retry.backoff.initial.ms", "200");
        p.setProperty("errors.deadletterqueue.topic.name", "devsecops.alerts.dlq." + target);
        p.setProperty("errors.deadletterqueue.topic.replication.factor", "1");
        return p;
    }

    /** 500 to the first attempt of each message (per target), 200 to every later one. */
    static void receive(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getPath().split("/")[1];
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        requests.add(new String[]{target, body, key});
        boolean first = failedOnce.add(target + "\n" + body);
        exchange.sendResponseHeaders(first ? 500 : 200, -1);
        exchange.close();
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static boolean running(String target) {
        try {
            HttpResponse<String> r = ConnectorsIT.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + workerPort + "/connectors/alerts-" + target + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = ConnectorsIT.JSON.readTree(r.body());
            return r.statusCode() == 200 && status.path("connector").path("state").asText().equals("RUNNING")
                    && status.path("tasks").path(0).path("state").asText().equals("RUNNING");
        } catch (Exception e) {
            return false;
        }
    }

    static Alert alert(String scope, AlertStatus status, String openedDay, String clearedDay) {
        Instant opened = LocalDate.parse(openedDay).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Alert.newBuilder().setId("GATE_BYPASS_RATE_RISING|" + scope + "|" + openedDay).setType("GATE_BYPASS_RATE_RISING")
                .setScope(scope).setStatus(status).setOpenedAt(opened)
                .setClearedAt(clearedDay == null ? null : LocalDate.parse(clearedDay).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .setAsOf(LocalDate.parse(clearedDay == null ? openedDay : clearedDay))
                .setEvidence("{\"gate_bypass_rate\":0.5,\"gate_bypasses\":4,\"gated_deployments\":8}").build();
    }

    @Test
    void eachOpenedAndClearedAlertIsPostedOncePerTargetUnderRetries() throws Exception {
        List<Alert> alerts = List.of(alert("team:payments", AlertStatus.OPEN, "2026-03-08", null), alert("org", AlertStatus.OPEN, "2026-03-08", null),
                alert("team:payments", AlertStatus.CLEARED, "2026-03-08", "2026-03-12"));
        publish("not an alert".getBytes(StandardCharsets.UTF_8));
        publish(alerts.toArray());

        // 3 state changes × 3 targets, each a 500 then a 200
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> requests.size() >= 18);
        Thread.sleep(3_000); // anything posted twice would show by now (offsets are flushed every second)
        for (String target : TARGETS) {
            List<String[]> got = requests.stream().filter(r -> r[0].equals(target)).toList();
            assertThat(got).as(target).hasSize(6);
            assertThat(got.stream().map(r -> r[1]).distinct()).as(target + ": three messages, each sent twice").hasSize(3);
            for (String[] r : got) {
                assertThat(got.stream().filter(o -> o[1].equals(r[1]))).as("attempts of one message").hasSize(2);
            }
        }
        List<String[]> webhook = requests.stream().filter(r -> r[0].equals("webhook")).toList();
        assertThat(webhook.stream().map(r -> r[2]).distinct()).as("one key per state change, the same on its retry").hasSize(3)
                .allMatch(k -> k != null && k.matches("[0-9a-f]{64}"));
        assertThat(webhook).allSatisfy(r -> assertThat(r[1]).contains("\"idempotency_key\":\"" + r[2] + "\""));
        Set<String> changes = new HashSet<>();
        for (String[] r : webhook) {
            JsonNode body = ConnectorsIT.JSON.readTree(r[1]);
            changes.add(body.path("event").asText() + " " + body.path("scope").asText());
        }
        assertThat(changes).containsExactlyInAnyOrder("alert.opened team:payments", "alert.opened org", "alert.cleared team:payments");
        assertThat(requests.stream().filter(r -> r[0].equals("slack"))).anySatisfy(r -> assertThat(r[1]).contains("Alert cleared", "`team:payments`"));
        assertThat(requests.stream().filter(r -> r[0].equals("teams"))).allSatisfy(r -> assertThat(r[1]).contains("AdaptiveCard"));

        // The record that is no alert went to each connector's dead-letter topic; the secret path is in no log line.
        for (String target : TARGETS) {
            var dlq = ConnectorsIT.readAllFrom(kafka.bootstrapServers(), "devsecops.alerts.dlq." + target, new ByteArrayDeserializer(), 1);
            assertThat(dlq).singleElement().satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not an alert"));
        }
        String log = Files.readString(dir.resolve("worker.log"));
        assertThat(log).doesNotContain(SECRET_PATH).doesNotContain(SIGNING_SECRET).contains("Posted alert");

        // The same state change published again (an application reset replays its alerts) is not posted again...
        publish(alerts.get(0));
        Thread.sleep(3_000);
        assertThat(requests).hasSize(18);
        // ...until a task restarts (its memory of posted keys is in memory): then it is, with the same idempotency key,
        // which is what lets the generic webhook's receiver drop it.
        String openKey = webhook.stream().filter(r -> r[1].contains("\"alert.opened\",\"id\":\"GATE_BYPASS_RATE_RISING|team:payments"))
                .findFirst().orElseThrow()[2];
        HttpResponse<String> restart = ConnectorsIT.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + workerPort + "/connectors/alerts-webhook/tasks/0/restart")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(restart.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> running("webhook"));
        publish(alerts.get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.size() == 19);
        assertThat(requests.get(18)[0]).isEqualTo("webhook");
        assertThat(requests.get(18)[2]).isEqualTo(openKey);
    }

    /** Writes alerts as the streams app does (its value serde: Avro in the Confluent wire format, key = scope); byte arrays as they are. */
    static void publish(Object... values) throws Exception {
        SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class);
        serde.configure(Map.of("schema.registry.url", "mock://embedded"), false);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Object v : values) {
                ProducerRecord<String, byte[]> record = v instanceof Alert a
                        ? new ProducerRecord<>(Topics.ALERTS, a.getScope(), serde.serializer().serialize(Topics.ALERTS, a))
                        : new ProducerRecord<>(Topics.ALERTS, "org", (byte[]) v);
                producer.send(record).get();
            }
        }
    }
}
