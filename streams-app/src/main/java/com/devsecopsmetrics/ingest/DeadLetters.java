package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.serde.SchemaRegistryException;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
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
 * <li>Any other failure of our own code while processing a record is a defect the record triggers: the record is
 * listed in {@link PoisonRecords} and the application stops (its transaction is aborted, so nothing of the record
 * stays); on the next start the record is set aside to the dead-letter topic.</li>
 * <li>A failure of Kafka itself (a send, a store, a timeout, a stored value that cannot be read: any
 * {@link KafkaException}) and a schema registry that cannot be reached stop the application without blaming the
 * record: those are not its fault, and a restart retries it.</li>
 * <li>A failure in a scheduled run (the roll-up) stops the application too: it may have written part of its work,
 * and only an aborted transaction makes the next run safe to repeat it.</li>
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

    /**
     * Key, value and headers a dead letter may copy: well under the producer's default 1 MiB request, so that no
     * record, however large once decompressed, makes its own dead letter too large to send.
     */
    public static final int MAX_COPIED_BYTES = 512 * 1024;

    /**
     * A dead letter with the headers of KIP-1034 (no stack trace: the reason is the message). A key, value or set of
     * headers too large to copy is left out, and {@code dsm.errors.dropped} says which and how large it was.
     */
    static ProducerRecord<byte[], byte[]> letter(String topic, byte[] key, byte[] value, ErrorHandlerContext context, Exception e) {
        Headers headers = new RecordHeaders();
        StringBuilder dropped = new StringBuilder();
        int headerBytes = 0;
        for (var h : context.headers()) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        if (headerBytes <= MAX_COPIED_BYTES / 8) {
            context.headers().forEach(headers::add);
        } else {
            dropped.append("headers:").append(headerBytes).append(' ');
        }
        if (key != null && key.length > MAX_COPIED_BYTES / 8) {
            dropped.append("key:").append(key.length).append(' ');
            key = null;
        }
        if (value != null && value.length > MAX_COPIED_BYTES) {
            dropped.append("value:").append(value.length);
            value = null;
        }
        if (!dropped.isEmpty()) {
            headers.add("dsm.errors.dropped", utf8(dropped.toString().trim()));
        }
        headers.add("__streams.errors.exception", utf8(e.getClass().getName()));
        headers.add("__streams.errors.message", utf8(ContractRules.quote(String.valueOf(e.getMessage()), 2000)));
        headers.add("__streams.errors.topic", utf8(context.topic()));
        headers.add("__streams.errors.partition", utf8(String.valueOf(context.partition())));
        headers.add("__streams.errors.offset", utf8(String.valueOf(context.offset())));
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value, headers);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** A handler that writes to the dead-letter topic Kafka Streams is configured with, else {@code devsecops.dlq}. */
    abstract static class DeadLetterTopicHandler implements Configurable {
        String topic = Topics.DLQ;

        @Override
        public void configure(Map<String, ?> configs) {
            Object configured = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            topic = configured == null ? Topics.DLQ : configured.toString();
        }
    }

    /** Unreadable records: bad framing, unknown schema id, malformed Avro. */
    public static final class Unreadable extends DeadLetterTopicHandler implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (registryUnavailable(exception)) {
                // Not the record's fault: stop (the supervisor restarts the process) rather than dead-letter good records.
                log.error("schema registry unavailable while reading {}-{}@{}; the application stops", context.topic(),
                        context.partition(), context.offset(), exception);
                return Response.fail();
            }
            count(exception.getClass().getSimpleName());
            log.warn("unreadable record {}-{}@{} to {}: {}", context.topic(), context.partition(), context.offset(), topic,
                    ContractRules.quote(String.valueOf(exception.getMessage()), 300));
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

    /**
     * The dead-letter topic must never stop the application: a dead letter the broker refuses anyway (too large for
     * a broker configured below the producer's limit, say) is logged and dropped. Any other refused write stops it.
     */
    public static final class Unsendable extends DeadLetterTopicHandler implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (topic.equals(record.topic())) {
                count("UnsendableDeadLetter");
                log.error("a dead letter for {}-{}@{} could not be written to {}: {}", context.topic(), context.partition(),
                        context.offset(), topic, exception.toString());
                return Response.resume();
            }
            return Response.fail();
        }
    }

    /** Records the admission check refuses, poison records, and defects (see the class comment). */
    public static final class Rejected extends DeadLetterTopicHandler implements ProcessingExceptionHandler {
        private PoisonRecords poison;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            poison = PoisonRecords.of(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (context.topic() == null || context.offset() < 0) {
                count(PUNCTUATION_FAILURE);
                log.error("scheduled run of {} in task {} failed; the application stops so that its transaction is aborted",
                        context.processorNodeId(), context.taskId(), exception);
                return Response.fail();
            }
            if (exception instanceof ContractViolation || exception instanceof PoisonRecord) {
                count(exception.getClass().getSimpleName());
                log.warn("record {}-{}@{} to {}: {}", context.topic(), context.partition(), context.offset(), topic,
                        ContractRules.quote(String.valueOf(exception.getMessage()), 300));
                return Response.resume(List.of(letter(topic, context.sourceRawKey(), context.sourceRawValue(), context, exception)));
            }
            if (exception instanceof KafkaException) {
                log.error("processing record {}-{}@{} failed in Kafka, not in the record; the application stops", context.topic(),
                        context.partition(), context.offset(), exception);
                return Response.fail();
            }
            log.error("processing record {}-{}@{} failed in {}; the application stops and sets the record aside on its next start",
                    context.topic(), context.partition(), context.offset(), context.processorNodeId(), exception);
            poison.add(context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
    }
}
