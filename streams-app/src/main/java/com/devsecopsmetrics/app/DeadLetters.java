package com.devsecopsmetrics.app;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what goes to the dead-letter topic, by reason (the exception type), so a bad feed shows up in
 * {@code /health} (and later in {@code /metrics}) instead of only in the topic. The handlers are Kafka's own
 * log-and-continue handlers, which also build the dead-letter records with the reason in their headers.
 */
public final class DeadLetters {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private DeadLetters() {
    }

    static void count(Exception e) {
        COUNTS.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
    }

    public static Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        COUNTS.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** Unreadable records: bad framing, unknown schema id, malformed Avro. */
    public static final class Unreadable extends LogAndContinueExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
                                    Exception exception) {
            count(exception);
            return super.handleError(context, record, exception);
        }
    }

    /** Records that break the contract or fall outside the retention horizon. */
    public static final class Rejected extends LogAndContinueProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            count(exception);
            return super.handleError(context, record, exception);
        }
    }

}
