package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractViolation;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures dead-letter a record, which set it aside after a restart, and which only stop the application. */
class DeadLettersTest {
    @TempDir
    Path stateDir;

    private record Context(String topic, int partition, long offset, byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "ledger-service-ledger";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 4_102_444_800_000L; // 2100: a time the broker would refuse, which the dead letter must not carry
        }
    }

    private DeadLetters.Rejected handler(String applicationId) {
        DeadLetters.Rejected handler = new DeadLetters.Rejected();
        handler.configure(Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(), StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        return handler;
    }

    @Test
    void aContractViolationIsADeadLetterStampedNowWithItsReasonQuoted() {
        long before = System.currentTimeMillis();
        var response = handler("a").handleError(new Context("devsecops.deployments", 2, 7, "k".getBytes(), "v".getBytes()),
                new Record<>("k", "v", 0L), new ContractViolation("field 'x' is bad\nforged log line"));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        var letter = response.deadLetterQueueRecords().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.DLQ);
        assertThat(letter.timestamp()).isBetween(before, System.currentTimeMillis());
        assertThat(new String(letter.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                .isEqualTo("field 'x' is bad\\u000aforged log line");
        assertThat(new String(letter.headers().lastHeader("__streams.errors.offset").value(), StandardCharsets.UTF_8)).isEqualTo("7");
    }

    @Test
    void aRecordTooLargeToCopyLeavesItsValueOutAndSaysSo() {
        byte[] huge = new byte[DeadLetters.MAX_COPIED_BYTES + 1];
        var letter = DeadLetters.letter(Topics.DLQ, "k".getBytes(), huge, new Context("devsecops.commits", 0, 1, null, null),
                new ContractViolation("too big"));
        assertThat(letter.value()).isNull();
        assertThat(letter.key()).isEqualTo("k".getBytes());
        assertThat(new String(letter.headers().lastHeader("dsm.errors.dropped").value(), StandardCharsets.UTF_8))
                .isEqualTo("value:" + huge.length);
    }

    @Test
    void aDefectInOurCodeSetsTheRecordAsideButAFailureOfKafkaDoesNot() {
        DeadLetters.Rejected rejected = handler("b");
        var defect = rejected.handleError(new Context("devsecops.findings", 1, 42, null, null), new Record<>("k", "v", 0L),
                new IllegalStateException("bug"));
        assertThat(defect.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        var kafka = rejected.handleError(new Context("devsecops.findings", 1, 43, null, null), new Record<>("k", "v", 0L),
                new TimeoutException("broker away"));
        assertThat(kafka.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        PoisonRecords poison = PoisonRecords.of(Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.APPLICATION_ID_CONFIG, "b"));
        assertThat(poison.reasonFor("devsecops.findings", 1, 42)).contains("IllegalStateException: bug");
        assertThat(poison.reasonFor("devsecops.findings", 1, 43)).isNull();
        assertThat(stateDir.resolve("b").resolve("poison-records")).exists();
    }

    @Test
    void aFailedScheduledRunStopsTheApplicationSoItsTransactionIsAborted() {
        var response = handler("c").handleError(new Context(null, -1, -1, null, null), null, new IllegalStateException("roll-up"));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    }
}
