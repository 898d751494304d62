package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.ingest.EventKind;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code dsm convert ... | dsm load -} against a real broker: every converted event lands on its kind's topic. */
class ConvertLoadIT {
    /** A broker per test, so each counts only the records it sent. */
    @TempDir
    Path dataDir;
    private EmbeddedKafka kafka;

    @BeforeEach
    void startBroker() throws Exception {
        kafka = new EmbeddedKafka(dataDir, EmbeddedKafka.freePort()).start();
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    private CliRunner.Result loadFromStdin(String input, String... args) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            String[] all = new String[args.length + 3];
            all[0] = "load";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--bootstrap-server";
            all[args.length + 2] = kafka.bootstrapServers();
            return CliRunner.run(all);
        } finally {
            System.setIn(stdin);
        }
    }

    private Map<String, Integer> recordsByTopic(List<String> topics, int expected) {
        Map<String, Integer> counts = new TreeMap<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "convert-load-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> counts.merge(r.topic(), 1, Integer::sum));
                return counts.values().stream().mapToInt(Integer::intValue).sum() >= expected;
            });
        }
        return counts;
    }

    @Test
    void convertsOutputPipedIntoLoadArrivesOnEachKindsTopic() {
        Path fixtures = ConvertCommandTest.FIXTURES;
        CliRunner.Result sarif = CliRunner.run("convert", "--from", "sarif", "--service", "web",
                fixtures.resolve("sarif/gitleaks_7.5.0.sarif").toString());
        CliRunner.Result github = CliRunner.run("convert", "--from", "github",
                fixtures.resolve("github-webhooks/push.4.json").toString(),
                fixtures.resolve("github-webhooks/deployment_status.created.0.json").toString());
        assertThat(sarif.exitCode()).as(sarif.err()).isZero();
        assertThat(github.exitCode()).as(github.err()).isZero();

        CliRunner.Result loaded = loadFromStdin(sarif.out() + github.out(), "-");

        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("standard input: 7 sent, 0 rejected (topics devsecops.commits, devsecops.deployments,"
                + " devsecops.scan-results, devsecops.findings)", "total: 7 sent, 0 rejected");
        assertThat(recordsByTopic(List.of(EventKind.SCAN_RESULTS.topic(), EventKind.FINDINGS.topic(), EventKind.COMMITS.topic(),
                EventKind.DEPLOYMENTS.topic()), 7)).isEqualTo(Map.of(EventKind.SCAN_RESULTS.topic(), 1, EventKind.FINDINGS.topic(), 4,
                EventKind.COMMITS.topic(), 1, EventKind.DEPLOYMENTS.topic(), 1));
    }

    @Test
    void aTopicGivenWithEnvelopesOfAnotherKindRejectsThoseLinesOnly() {
        CliRunner.Result sarif = CliRunner.run("convert", "--from", "sarif", "--service", "web",
                ConvertCommandTest.FIXTURES.resolve("sarif/gitleaks_7.5.0.sarif").toString());

        CliRunner.Result loaded = loadFromStdin(sarif.out(), "--topic", "findings", "-");

        assertThat(loaded.exitCode()).isZero();
        assertThat(loaded.out()).contains("standard input: 4 sent, 1 rejected (topic devsecops.findings)",
                "  line 1: kind 'scan-results' does not match --topic findings");
    }

    @Test
    void aGeneratedDirectoryLoadsEveryKindInOneRun() throws Exception {
        Path org = dataDir.resolve("org");
        CliRunner.Result generated = CliRunner.run("generate", "--services", "4", "--days", "10", "--seed", "3", "--out", org.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        Map<String, Integer> lines = new TreeMap<>();
        for (EventKind kind : EventKind.values()) {
            try (var file = Files.lines(org.resolve(kind.kind() + ".jsonl"))) {
                int count = (int) file.filter(l -> !l.isBlank()).count();
                if (count > 0) {
                    lines.put(kind.topic(), count);
                }
            }
        }

        CliRunner.Result loaded = CliRunner.run("load", org.toString(), "--bootstrap-server", kafka.bootstrapServers());

        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        int total = lines.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(loaded.out()).contains(org.resolve("services.jsonl") + ": " + lines.get(EventKind.SERVICES.topic())
                + " sent, 0 rejected (topic devsecops.services)", "total: " + total + " sent, 0 rejected");
        assertThat(recordsByTopic(List.copyOf(lines.keySet()), total)).isEqualTo(lines);
    }
}
