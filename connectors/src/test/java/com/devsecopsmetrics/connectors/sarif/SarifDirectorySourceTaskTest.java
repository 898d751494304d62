package com.devsecopsmetrics.connectors.sarif;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The task driven as the worker drives it: poll, then commitRecord for what Kafka acknowledged. */
class SarifDirectorySourceTaskTest {
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "src/test/fixtures"), "sarif");
    @TempDir
    Path dir;
    private final SarifDirectorySourceTask task = new SarifDirectorySourceTask();

    @AfterEach
    void stop() {
        task.stop();
    }

    private void start() {
        task.start(Map.of(SarifDirectoryConfig.INPUT_DIR, dir.resolve("in").toString(), SarifDirectoryConfig.FINISHED_DIR, dir.resolve("done").toString(),
                SarifDirectoryConfig.ERROR_DIR, dir.resolve("error").toString(), SarifDirectoryConfig.POLL_INTERVAL_MS, "10",
                SarifDirectoryConfig.FILE_MIN_AGE_MS, "0"));
    }

    private Path drop(String fixture, String relative) throws Exception {
        Path target = dir.resolve("in").resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(FIXTURES.resolve(fixture), target);
        Files.setLastModifiedTime(target, FileTime.from(Instant.parse("2026-02-01T12:00:00Z")));
        return target;
    }

    private List<SourceRecord> pollOnce() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            List<SourceRecord> r = task.poll();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    @Test
    void aFileMovesToFinishedOnlyOnceKafkaAcknowledgedEveryRecord() throws Exception {
        start();
        Path file = drop("suppression_test.sarif", "checkout/scan.sarif"); // the sub-folder names the service
        List<SourceRecord> records = pollOnce();
        assertThat(records).extracting(SourceRecord::topic).containsExactly("devsecops.scan-results", "devsecops.findings",
                "devsecops.findings", "devsecops.findings", "devsecops.findings", "devsecops.findings");
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo("checkout"));
        assertThat(((org.apache.kafka.connect.data.Struct) records.get(0).value()).get("completed_at")).as("no time in the log: the file's")
                .isEqualTo(java.util.Date.from(Instant.parse("2026-02-01T12:00:00Z")));
        List<SourceRecord> acked = new ArrayList<>(records.subList(0, 5));
        acked.forEach(r -> task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
        assertThat(task.poll()).isNull();
        assertThat(file).as("one record still unacknowledged").exists();
        task.commitRecord(records.get(5), new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0));
        assertThat(task.poll()).isNull();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("done/checkout/scan.sarif")).exists();
    }

    @Test
    void anUnreadableFileGoesToErrorWithTheReasonAndTheNextStillConverts() throws Exception {
        start();
        drop("no_runs.sarif", "a-no-runs.sarif");
        Files.writeString(dir.resolve("in/b-broken.sarif"), "{\"runs\": [");
        drop("appendix_k1.sarif", "c-empty.sarif"); // no service and no repository in the log
        drop("appendix_k4.sarif", "d-k4.sarif"); // service from versionControlProvenance
        List<SourceRecord> records = pollOnce();
        assertThat(records).extracting(SourceRecord::topic).containsExactly("devsecops.scan-results", "devsecops.findings");
        assertThat(records.get(0).key()).isEqualTo("browser");
        assertThat(Files.readString(dir.resolve("error/a-no-runs.sarif.error.txt"))).startsWith("SARIF log has no runs");
        assertThat(Files.readString(dir.resolve("error/b-broken.sarif.error.txt"))).startsWith("malformed JSON");
        assertThat(Files.readString(dir.resolve("error/c-empty.sarif.error.txt"))).contains("no service");
        assertThat(dir.resolve("error/b-broken.sarif")).exists();
    }

    @Test
    void aFileWhoseRecordTheWorkerDroppedGoesToError() throws Exception {
        start();
        drop("appendix_k2.sarif", "web/k2.sarif");
        List<SourceRecord> records = pollOnce();
        task.commitRecord(records.get(0), new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0));
        task.commitRecord(records.get(1), null);
        assertThat(task.poll()).isNull();
        assertThat(Files.readString(dir.resolve("error/web/k2.sarif.error.txt"))).startsWith("1 records were not written");
    }

    private static final String SECRET_LINE = "root:x:0:0:root:/root:/bin/bash";

    /** What the task logged while {@code body} ran, as formatted lines. */
    private static List<String> logged(ThrowingRunnable body) throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SarifDirectorySourceTask.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.ALL); // the test configuration keeps only errors
        try {
            body.run();
        } finally {
            logger.setLevel(level);
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void anOutOfRangeEndTimeMovesThatFileToErrorAndTheNextFileGoesOn() throws Exception {
        start();
        String k4 = Files.readString(FIXTURES.resolve("appendix_k4.sarif"));
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/a-far-future.sarif"), k4.replaceFirst("\"invocations\"\\s*:\\s*\\[",
                "\"invocations\": [{\"executionSuccessful\": true, \"endTimeUtc\": \"+999999999-12-31T23:59:59Z\"},"));
        Files.setLastModifiedTime(dir.resolve("in/a-far-future.sarif"), FileTime.from(Instant.parse("2026-02-01T12:00:00Z")));
        drop("appendix_k4.sarif", "b-k4.sarif");
        List<SourceRecord> records = pollOnce();
        assertThat(records).as("the next file's records").extracting(SourceRecord::topic).containsExactly("devsecops.scan-results", "devsecops.findings");
        assertThat(Files.readString(dir.resolve("error/a-far-future.sarif.error.txt"))).contains("endTimeUtc", "timestamp out of range")
                .doesNotContain("999999999");
    }

    @Test
    void aScanDatedInTheFutureBreaksTheContractAndGoesToErrorWithTheRulesReason() throws Exception {
        start();
        String k4 = Files.readString(FIXTURES.resolve("appendix_k4.sarif"));
        Files.createDirectories(dir.resolve("in"));
        String tomorrow = Instant.now().plusSeconds(86_400).toString(); // a scanner whose clock is a day fast
        Files.writeString(dir.resolve("in/a-future.sarif"), k4.replaceAll("\"(end|start)TimeUtc\"\\s*:\\s*\"[^\"]*\"", "\"$1TimeUtc\": \"" + tomorrow + "\""));
        Files.setLastModifiedTime(dir.resolve("in/a-future.sarif"), FileTime.from(Instant.parse("2026-02-01T12:00:00Z")));
        drop("appendix_k4.sarif", "b-k4.sarif");
        assertThat(pollOnce()).extracting(SourceRecord::topic).containsExactly("devsecops.scan-results", "devsecops.findings");
        assertThat(Files.readString(dir.resolve("error/a-future.sarif.error.txt"))).startsWith("field '");
    }

    @Test
    void aSymbolicLinkIsMovedToErrorWithoutReadingItsTarget() throws Exception {
        start();
        Path outside = Files.writeString(dir.resolve("passwd"), SECRET_LINE + "\n");
        Path outsideFolder = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(FIXTURES.resolve("appendix_k4.sarif"), outsideFolder.resolve("k4.sarif"));
        Files.createDirectories(dir.resolve("in"));
        Files.createSymbolicLink(dir.resolve("in/a-link.sarif"), outside);
        Files.createSymbolicLink(dir.resolve("in/b-service"), outsideFolder); // would pose as service folder b-service
        drop("appendix_k4.sarif", "c-k4.sarif");
        List<String> log = logged(() -> assertThat(pollOnce()).extracting(SourceRecord::key).containsOnly("browser"));
        assertThat(dir.resolve("error/a-link.sarif")).isSymbolicLink();
        assertThat(dir.resolve("error/b-service")).isSymbolicLink();
        assertThat(outside).hasContent(SECRET_LINE); // the target is where it was, untouched
        assertThat(outsideFolder.resolve("k4.sarif")).exists();
        assertThat(Files.readString(dir.resolve("error/a-link.sarif.error.txt"))).startsWith("is a symbolic link").doesNotContain("root");
        assertThat(log).isNotEmpty().noneMatch(line -> line.contains("root:x"));
    }

    @Test
    void noContentOfABadFileReachesItsErrorFileOrTheLog() throws Exception {
        start();
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/a-not-json.sarif"), SECRET_LINE + "\n");
        Files.writeString(dir.resolve("in/b-bad-level.sarif"), """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":[{"ruleId":"r","level":"%s","message":{"text":"m"}}]}]}"""
                .formatted(SECRET_LINE));
        Files.writeString(dir.resolve("in/c-bad-time.sarif"), """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"invocations":[{"executionSuccessful":true,"endTimeUtc":"%s"}],"results":[]}]}"""
                .formatted(SECRET_LINE));
        List<String> log = logged(() -> assertThat(pollOnce()).isNull());
        for (String name : List.of("a-not-json.sarif", "b-bad-level.sarif", "c-bad-time.sarif")) {
            assertThat(dir.resolve("error/" + name)).exists();
            assertThat(Files.readString(dir.resolve("error/" + name + ".error.txt"))).as(name).isNotBlank().doesNotContain("root");
        }
        assertThat(log).hasSizeGreaterThanOrEqualTo(3).noneMatch(line -> line.contains("root:x"));
    }
}
