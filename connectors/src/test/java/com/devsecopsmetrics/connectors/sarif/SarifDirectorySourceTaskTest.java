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
}
