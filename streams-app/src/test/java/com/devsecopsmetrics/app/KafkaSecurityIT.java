package com.devsecopsmetrics.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.devsecopsmetrics.security.LeastPrivilegeAcls;
import com.devsecopsmetrics.security.SecuredKafka;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §8: the application and {@code bin/dsm load} against a broker that requires SASL_SSL (SCRAM-SHA-512) and
 * one that requires mutual TLS, with an authorizer that denies everything but the least-privilege ACLs of
 * README "Kafka security" ({@link LeastPrivilegeAcls}). One broker has both listeners; the application runs first over
 * SASL_SSL, then (the same application id, resuming) over mTLS, each time answering for what was just loaded through
 * the same listener. Principals without those ACLs, and clients without a certificate, are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSecurityIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate SASL_END = LocalDate.of(2026, 9, 30);
    static final LocalDate MTLS_END = LocalDate.of(2026, 11, 30);
    static final int DAYS = 14;

    @TempDir
    static Path dir;
    static SecuredKafka kafka;
    static Path secrets;
    static final ListAppender<ILoggingEvent> denials = new ListAppender<>();
    static Logger authorizerLog;

    @BeforeAll
    static void start() throws Exception {
        // The broker logs every denied request at INFO on this logger: collected, to show what a missing ACL was.
        authorizerLog = (Logger) LoggerFactory.getLogger("kafka.authorizer.logger");
        authorizerLog.setLevel(Level.INFO);
        authorizerLog.setAdditive(false);
        denials.start();
        authorizerLog.addAppender(denials);

        kafka = SecuredKafka.start(dir.resolve("broker"));
        Map<String, String> passwords = new HashMap<>();
        for (String user : List.of("dsm-app", "dsm-loader", "dsm-connect", "intruder")) {
            String password = "pw-" + user + "-" + Long.toHexString(System.nanoTime());
            passwords.put(user + ".password", password);
            kafka.addScramUser(user, password);
        }
        // The passwords live in a file only the clients read, through the file config provider: never in their config.
        secrets = SecuredKafka.write(dir.resolve("secrets/kafka.properties"), passwords);
        kafka.prepare(LeastPrivilegeAcls.all());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        authorizerLog.detachAppender(denials);
        authorizerLog.setAdditive(true);
    }

    @Test
    @Order(1)
    void overSaslSslTheApplicationProcessesWhatTheLoaderSentAndAnswers() throws Exception {
        runApplicationAndLoad(kafka.saslClient("dsm-app", secrets, "dsm-app.password"),
                kafka.saslClient("dsm-loader", secrets, "dsm-loader.password"), "sasl", SASL_END);
    }

    @Test
    @Order(2)
    void overMutualTlsTheApplicationProcessesWhatTheLoaderSentAndAnswers() throws Exception {
        runApplicationAndLoad(kafka.mtlsClient("dsm-app"), kafka.mtlsClient("dsm-loader"), "mtls", MTLS_END);
    }

    @Test
    @Order(3)
    void theConnectWorkerWritesTheWebhookEventsThroughSaslSsl() throws Exception {
        int denialsBefore = denials.list.size();
        Path connectDir = Files.createDirectories(dir.resolve("connect"));
        int workerPort = freePort();
        int webhookPort = freePort();
        Map<String, String> client = kafka.saslClient("dsm-connect", secrets, "dsm-connect.password");
        Properties worker = ConnectorsIT.workerProperties(connectDir, client.get("bootstrap.servers"), workerPort);
        // README "Kafka security": the worker's own settings, and the same with "producer." for its connectors' producers.
        client.forEach((k, v) -> {
            if (!k.startsWith("config.providers") && !k.equals("bootstrap.servers")) { // the example config enables env and file
                worker.setProperty(k, v);
                worker.setProperty("producer." + k, v);
            }
        });
        Process process = ConnectorsIT.launchWorker(connectDir, worker, ConnectorsIT.webhookProperties(webhookPort));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as("worker alive; its log: " + Files.readString(connectDir.resolve("worker.log"))).isTrue();
                return ConnectorsIT.get(webhookPort, "/health").statusCode() == 200;
            });
            byte[] body = Files.readAllBytes(ConnectorsIT.FIXTURES.resolve("github-webhooks/deployment_status.created.0.json"));
            var answer = ConnectorsIT.HTTP.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + webhookPort + "/github")).timeout(Duration.ofSeconds(40))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                    .headers("X-GitHub-Event", "deployment_status", "X-GitHub-Delivery", "sasl-1", "Content-Type", "application/json",
                            "X-Hub-Signature-256", "sha256=" + ConnectorsIT.hmac(ConnectorsIT.GITHUB_SECRET, body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            // The connector answers 200 only once Kafka acknowledged the records.
            assertThat(answer.statusCode()).as(answer.body() + "\nworker log: " + Files.readString(connectDir.resolve("worker.log")))
                    .isEqualTo(200);
            assertThat(answer.body()).contains("\"deployments\":1");
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.operatorBootstrap()),
                    new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
                List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.DEPLOYMENTS).stream()
                        .map(i -> new org.apache.kafka.common.TopicPartition(Topics.DEPLOYMENTS, i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                List<String> keys = new java.util.ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
                    return keys.contains("Hello-World");
                });
            }
        } finally {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        assertThat(messages().subList(denialsBefore, denials.list.size())).as("denied requests of the Connect worker").isEmpty();
    }

    @Test
    @Order(4)
    void principalsWithoutTheAclsAndClientsWithoutACertificateAreRefused() throws Exception {
        Path data = generate("denied", MTLS_END, 7);
        // Authenticated, but no ACL: the loader's code path reports the refusal and sends nothing.
        Path intruder = SecuredKafka.write(dir.resolve("intruder.properties"), kafka.saslClient("intruder", secrets, "intruder.password"));
        CliRunner.Result refused = CliRunner.run("load", "--topic", "deployments", "--config", intruder.toString(),
                data.resolve("deployments.jsonl").toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("devsecops.deployments");
        assertThatThrownBy(() -> send(kafka.mtlsClient("intruder"), Topics.DEPLOYMENTS))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        // The loader may write the inputs, and nothing more: not the outputs, and it reads nothing.
        assertThatThrownBy(() -> send(kafka.saslClient("dsm-loader", secrets, "dsm-loader.password"), Topics.ALERTS))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(kafka.mtlsClient("dsm-loader"), Topics.DEPLOYMENTS))
                .isInstanceOf(TopicAuthorizationException.class);
        // The application may not write its own inputs.
        assertThatThrownBy(() -> send(kafka.mtlsClient("dsm-app"), Topics.COMMITS))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        // mTLS without a client certificate: the handshake fails.
        assertThatThrownBy(() -> send(kafka.tlsWithoutCertificate(), Topics.DEPLOYMENTS))
                .hasCauseInstanceOf(SslAuthenticationException.class);
        assertThat(messages()).anyMatch(m -> m.contains("Principal = User:intruder is Denied"));
    }

    void runApplicationAndLoad(Map<String, String> appClient, Map<String, String> loaderClient, String name, LocalDate end) throws Exception {
        int denialsBefore = denials.list.size();
        Path appConfig = SecuredKafka.write(dir.resolve(name + "/app.properties"), appClient);
        Path loaderConfig = SecuredKafka.write(dir.resolve(name + "/loader.properties"), loaderClient);
        int restPort = freePort();
        DsmConfig config = DsmConfig.load(appConfig, Map.of(), Map.of(
                DsmConfig.STATE_DIR, dir.resolve(name + "/state").toString(),
                // Purge consumed repartition records (DeleteRecords, which needs DELETE) within the test, not after 30 s.
                "repartition.purge.interval.ms", "500",
                DsmConfig.REST_PORT, String.valueOf(restPort)));
        assertThat(config.get(DsmConfig.APPLICATION_ID)).isEqualTo(LeastPrivilegeAcls.APPLICATION_ID);
        Path data = generate(name, end, DAYS);
        try (MetricsApplication app = new MetricsApplication(config).start()) {
            for (String kind : List.of("services", "commits", "deployments", "incidents", "scan-results", "findings")) {
                CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--config", loaderConfig.toString(),
                        data.resolve(kind + ".jsonl").toString());
                assertThat(loaded.exitCode()).as(kind + ": " + loaded.out() + loaded.err()).isZero();
                assertThat(loaded.out()).as(kind).contains(" 0 rejected").doesNotContain(" 0 sent");
            }
            LocalDate from = end.minusDays(DAYS - 1);
            long expected = ((Number) ReferenceMetrics.fromDirectory(data).dora("org", from, end.plusDays(1)).get("deployments")).longValue();
            assertThat(expected).isPositive();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                var r = LocalRest.get(restPort, "/api/v1/metrics?scope=org&from=" + from + "&to=" + end.plusDays(1));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).path("dora").path("deployments").asLong())
                        .as("deployments; broker denials: " + messages()).isEqualTo(expected);
            });
            assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
        }
        assertThat(messages().subList(denialsBefore, denials.list.size())).as("denied requests of the application and loader").isEmpty();
    }

    static Path generate(String name, LocalDate end, int days) {
        Path data = dir.resolve(name + "/generated");
        CliRunner.Result generated = CliRunner.run("generate", "--services", "6", "--days", String.valueOf(days), "--seed",
                String.valueOf(name.hashCode() & 0xff), "--end", end.toString(), "--out", data.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        return data;
    }

    static List<String> messages() {
        return List.copyOf(denials.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    static void send(Map<String, String> client, String topic) throws ExecutionException, InterruptedException {
        Map<String, Object> p = new HashMap<>(client);
        p.put("max.block.ms", "10000");
        p.put("delivery.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, new byte[]{1})).get();
        }
    }

    static void read(Map<String, String> client, String topic) {
        Map<String, Object> p = new HashMap<>(client);
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            for (int i = 0; i < 20; i++) {
                consumer.poll(Duration.ofMillis(500));
            }
        }
    }
}
