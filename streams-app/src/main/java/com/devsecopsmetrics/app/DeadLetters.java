package com.devsecopsmetrics.app;

import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.serde.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What goes to the dead-letter topic, and what stops the application instead (DESIGN §7).
 * <ul>
 * <li>Unreadable records (bad framing, unknown schema id, malformed Avro, a declared length over the limits) and
 * records the admission check refuses go to {@code devsecops.dlq} with the reason in the {@code __streams.errors.*}
 * headers of KIP-1034; processing continues.</li>
 * <li>Any other failure while processing a record is a defect: the record is listed in {@link PoisonRecords} and
 * the application stops (its transaction is aborted, so nothing of the record stays); on the next start the record
 * is set aside to the dead-letter topic.</li>
 * <li>A schema registry that cannot be reached stops the application too: the records are not at fault.</li>
 * <li>A failure in a scheduled run (no record to blame) is logged and counted; the next run tries again.</li>
 * </ul>
 * Dead letters are stamped with the wall-clock time they are written at, never the record's own time: that one may
 * be what was wrong with it, and an old one would fall out of the topic's time-based retention at once.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    static final String PUNCTUATION_FAILURE = "PunctuationFailure";

    private DeadLetters() {
    }

    static void count(String reason) {
        COUNTS.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public static Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        COUNTS.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** A dead letter with the headers of KIP-1034 (no stack trace: the reason is the message). */
    static ProducerRecord<byte[], byte[]> letter(String topic, byte[] key, byte[] value, ErrorHandlerContext context, Exception e) {
        Headers headers = new RecordHeaders();
        context.headers().forEach(headers::add);
        headers.add("__streams.errors.exception", utf8(e.getClass().getName()));
        headers.add("__streams.errors.message", utf8(String.valueOf(e.getMessage())));
        headers.add("__streams.errors.topic", utf8(context.topic()));
        headers.add("__streams.errors.partition", utf8(String.valueOf(context.partition())));
        headers.add("__streams.errors.offset", utf8(String.valueOf(context.offset())));
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value, headers);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String topicOf(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null ? Topics.DLQ : topic.toString();
    }

    /** Unreadable records: bad framing, unknown schema id, malformed Avro. */
    public static final class Unreadable implements DeserializationExceptionHandler {
        private String topic = Topics.DLQ;

        @Override
        public void configure(Map<String, ?> configs) {
            topic = topicOf(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (registryUnavailable(exception)) {
                // Not the record's fault: stop (the supervisor restarts the process) rather than dead-letter good records.
                log.error("schema registry unavailable while reading {}-{}@{}; the application stops", context.topic(),
                        context.partition(), context.offset(), exception);
                return Response.fail();
            }
            count(exception.getClass().getSimpleName());
            log.warn("unreadable record {}-{}@{} to {}: {}", context.topic(), context.partition(), context.offset(), topic, exception.getMessage());
            return Response.resume(List.of(letter(topic, record.key(), record.value(), context, exception)));
        }
    }

    static boolean registryUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException sre
                    && (sre.httpStatus() >= 500 || sre.getCause() instanceof IOException || sre.getCause() instanceof InterruptedException)) {
                return true;
            }
        }
        return false;
    }

    /** Records the admission check refuses, poison records, and defects (see the class comment). */
    public static final class Rejected implements ProcessingExceptionHandler {
        private String topic = Topics.DLQ;
        private PoisonRecords poison;

        @Override
        public void configure(Map<String, ?> configs) {
            topic = topicOf(configs);
            poison = PoisonRecords.of(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (context.topic() == null || context.offset() < 0) {
                count(PUNCTUATION_FAILURE);
                log.error("scheduled run of {} in task {} failed; the next run tries again", context.processorNodeId(), context.taskId(), exception);
                return Response.resume();
            }
            if (exception instanceof ContractViolation || exception instanceof PoisonRecord) {
                count(exception.getClass().getSimpleName());
                log.warn("record {}-{}@{} to {}: {}", context.topic(), context.partition(), context.offset(), topic, exception.getMessage());
                return Response.resume(List.of(letter(topic, context.sourceRawKey(), context.sourceRawValue(), context, exception)));
            }
            log.error("processing record {}-{}@{} failed in {}; the application stops and sets the record aside on its next start",
                    context.topic(), context.partition(), context.offset(), context.processorNodeId(), exception);
            poison.add(context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
    }
}
