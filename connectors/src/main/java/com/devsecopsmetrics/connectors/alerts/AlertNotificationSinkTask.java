package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.connectors.connect.Version;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Posts each alert state change of {@code devsecops.alerts} once to the configured target, in record order.
 *
 * <p>A failure that may pass (no answer, timeout, 408, 429, 5xx) is retried in place with {@link RetryPolicy}; when the
 * batch's {@code retry.timeout.ms} is spent, the task asks Connect to wait ({@code context.timeout}) and redeliver the
 * batch (RetriableException), so put never holds the consumer past its poll interval. The redelivered batch skips
 * the records already finished with (by offset), so only the failed record and those after it are sent; a state
 * change published again under another offset is skipped by its idempotency key ({@link DeliveredKeys}). A refusal
 * (another 4xx, a redirect) will not pass by retrying: the record goes to Connect's error handling as a converter error
 * would. With {@code errors.tolerance=all} it goes to the dead-letter topic or the error log (the errant record
 * reporter), or, with neither configured, is logged here and skipped; with {@code none} (Connect's default) the task
 * fails, so that a deleted webhook or a revoked token shows as a FAILED task instead of alerts dropped one by one,
 * and its records are delivered after the fix and a restart. A record that is not an alert is handled the same way.
 */
public class AlertNotificationSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(AlertNotificationSinkTask.class);
    /** Connect's key (ConnectorConfig.ERRORS_TOLERANCE_CONFIG, in connect-runtime, which plugins do not see). */
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    private AlertSinkConfig config;
    private HttpTarget http;
    private RetryPolicy retry;
    private DeliveredKeys delivered;
    private Set<String> types;
    private ErrantRecordReporter reporter;
    private boolean tolerateAll;
    /** Per partition, the highest offset this task has finished with (posted, refused or skipped). */
    private final Map<TopicPartition, Long> handled = new HashMap<>();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new AlertSinkConfig(props);
        http = new HttpTarget(config);
        retry = new RetryPolicy(config.getLong(AlertSinkConfig.BACKOFF_INITIAL_MS), config.getLong(AlertSinkConfig.BACKOFF_MAX_MS),
                () -> ThreadLocalRandom.current().nextDouble());
        delivered = new DeliveredKeys(config.getInt(AlertSinkConfig.DELIVERED_KEYS_MAX));
        types = config.alertTypes();
        reporter = errantRecordReporter();
        tolerateAll = "all".equalsIgnoreCase(props.getOrDefault(ERRORS_TOLERANCE, "none").trim());
        log.info("Sending alert state changes to the {} target at {}{}", config.target().name().toLowerCase(Locale.ROOT), config.describeTarget(),
                types.isEmpty() ? "" : " (types " + types + ")");
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        long deadline = System.currentTimeMillis() + config.getLong(AlertSinkConfig.RETRY_TIMEOUT_MS);
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            Long done = handled.get(partition);
            if (done != null && record.kafkaOffset() <= done) {
                continue; // a batch redelivered after a RetriableException: this one was posted, refused or skipped already
            }
            handle(record, deadline);
            handled.put(partition, record.kafkaOffset());
        }
    }

    private void handle(SinkRecord record, long deadline) {
        if (record.value() == null) {
            return; // a tombstone is no state change (the app writes none; compaction tools might)
        }
        AlertNotice alert;
        try {
            alert = AlertNotice.from(record.value());
        } catch (DataException e) {
            refuse(record, new DataException("not an alert the contract allows: " + e.getMessage()));
            return;
        }
        if (!types.isEmpty() && !types.contains(alert.type())) {
            return;
        }
        String key = alert.idempotencyKey();
        if (delivered.contains(key)) {
            // the same state change published again (an application reset replays the alerts topic)
            log.debug("Alert {} {} already posted (key {}); skipped", alert.id(), alert.status(), key);
            return;
        }
        deliver(record, alert, key, deadline);
    }

    private void deliver(SinkRecord record, AlertNotice alert, String key, long deadline) {
        byte[] body = AlertMessages.build(config.target(), alert);
        for (int failures = 0; ; ) {
            HttpTarget.Answer answer = http.post(body, key);
            if (answer.delivered()) {
                delivered.add(key);
                log.info("Posted alert {} {} to {} (key {}, after {} failed attempts)", alert.id(), alert.status(), config.describeTarget(),
                        key, failures);
                return;
            }
            String reason = reason(answer);
            if (!answer.transientFailure()) {
                refuse(record, new ConnectException(config.describeTarget() + " refused alert " + alert.id() + " " + alert.status() + ": " + reason));
                return;
            }
            failures++;
            long waitMs = retry.delayMs(failures, answer.retryAfter(), Instant.now());
            if (System.currentTimeMillis() + waitMs > deadline) {
                context.timeout(waitMs); // Connect waits this long, then redelivers the batch; posted records are skipped
                throw new RetriableException("alert " + alert.id() + " " + alert.status() + ": " + config.describeTarget() + " still failing after "
                        + failures + " attempts (" + reason + "); retrying the rest of the batch in " + waitMs + " ms");
            }
            log.warn("Alert {} {}: {} failed ({}); attempt {} in {} ms", alert.id(), alert.status(), config.describeTarget(), reason,
                    failures + 1, waitMs);
            sleep(waitMs);
        }
    }

    private static String reason(HttpTarget.Answer answer) {
        if (answer.status() == 0) {
            return answer.failure();
        }
        String body = SafeText.neutral(answer.body(), 200).strip();
        return "HTTP " + answer.status() + (body.isEmpty() ? "" : " " + body);
    }

    private void refuse(SinkRecord record, ConnectException error) {
        if (reporter != null) {
            reporter.report(record, error); // the worker's errors.tolerance decides: dead-letter topic, log, or fail the task
        } else if (tolerateAll) {
            log.error("Skipped the record at {}-{}@{}: {} (set errors.deadletterqueue.topic.name to keep such records)",
                    record.topic(), record.kafkaPartition(), record.kafkaOffset(), error.getMessage());
        } else {
            throw new ConnectException("record at " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset() + ": "
                    + error.getMessage() + " (errors.tolerance=none; with all it would go to the dead-letter topic)", error);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting to retry");
        }
    }

    @Override
    public void stop() {
        // Nothing held: the HTTP client's threads end with their idle connections.
    }
}
