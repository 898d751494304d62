package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.connectors.alerts.TestTarget.Reply;
import com.devsecopsmetrics.connectors.alerts.TestTarget.Request;
import com.devsecopsmetrics.connectors.webhook.WebhookSignatures;
import com.devsecopsmetrics.outputs.Alert;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertNotificationSinkTaskTest {
    private static final String SIGNING_SECRET = "9f3c1a7e5b2d8f4a6c0e9b3d7f1a5c8e2b6d0f4a9c3e7b1d5f8a2c6e0b4d9f3a";
    private final TestTarget target = new TestTarget();
    private final Context context = new Context();
    private final Alert open = Alerts.opened("team:payments", "2026-03-08");
    private final Alert cleared = Alerts.cleared(open, "2026-03-12");

    AlertNotificationSinkTaskTest() throws Exception {
    }

    @AfterEach
    void close() {
        target.close();
    }

    private AlertNotificationSinkTask task(Map<String, String> config) {
        AlertNotificationSinkTask task = new AlertNotificationSinkTask();
        task.initialize(context);
        task.start(config);
        return task;
    }

    @Test
    void eachStateChangeIsPostedOnceUnderRetriesWithTheSameKeyOnEveryAttempt() {
        target.answer(Reply.of(500), Reply.of(200), Reply.of(503), Reply.of(200));
        Map<String, String> config = target.config("webhook");
        config.put(AlertSinkConfig.WEBHOOK_SIGNING_SECRET, SIGNING_SECRET);
        config.put(AlertSinkConfig.WEBHOOK_AUTHORIZATION, "Bearer t0ken");
        AlertNotificationSinkTask task = task(config);
        task.put(List.of(Alerts.record(open, 0), Alerts.record(cleared, 1)));

        List<Request> got = target.requests();
        String openKey = Alerts.notice(open).idempotencyKey();
        String clearedKey = Alerts.notice(cleared).idempotencyKey();
        assertThat(got).extracting(Request::idempotencyKey).containsExactly(openKey, openKey, clearedKey, clearedKey);
        assertThat(got.get(0).body()).isEqualTo(got.get(1).body()).contains("\"idempotency_key\":\"" + openKey + "\"", "\"event\":\"alert.opened\"");
        assertThat(got.get(2).body()).contains("\"event\":\"alert.cleared\"");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.signature()).isEqualTo("sha256=" + WebhookSignatures.hmacHex(SIGNING_SECRET, r.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(r.authorization()).isEqualTo("Bearer t0ken");
            assertThat(r.contentType()).startsWith("application/json");
        });

        // The same state changes again, at later offsets (the app replaying its alerts after a reset): not posted again.
        task.put(List.of(Alerts.record(open, 2), Alerts.record(cleared, 3)));
        assertThat(target.requests()).hasSize(4);
    }

    @Test
    void aBatchOutOfRetryTimeIsHandedBackAndTheRedeliveryPostsOnlyWhatFailed() {
        Alert other = Alerts.opened("org", "2026-03-08");
        // The first alert goes through; the second keeps failing until the target recovers.
        boolean[] recovered = {false};
        target.answerBy(r -> r.body().contains("(`org`)") && !recovered[0] ? Reply.of(502) : Reply.of(200)); // Slack: no key header
        Map<String, String> config = target.config("slack");
        config.put(AlertSinkConfig.RETRY_TIMEOUT_MS, "300");
        context.reporter = (record, error) -> {
            context.reported.add(error.getMessage());
            return CompletableFuture.completedFuture(null);
        };
        AlertNotificationSinkTask task = task(config);
        SinkRecord notAlert = new SinkRecord("devsecops.alerts", 0, null, "org", null, "hello", 1);
        List<SinkRecord> batch = List.of(Alerts.record(open, 0), notAlert, Alerts.record(other, 2), Alerts.record(cleared, 3));

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("HTTP 502").hasMessageNotContaining("secret-path");
        assertThat(context.timeoutMs).isPositive().isLessThanOrEqualTo(50);
        long slackPostsOfOpen = target.requests().stream().filter(r -> r.body().contains("team:payments")).count();
        assertThat(slackPostsOfOpen).isEqualTo(1);
        assertThat(target.requests()).noneMatch(r -> r.body().contains("Alert cleared"));

        recovered[0] = true;
        int before = target.requests().size();
        task.put(batch);
        List<Request> redelivery = target.requests().subList(before, target.requests().size());
        assertThat(redelivery).hasSize(2);
        assertThat(redelivery.get(0).body()).contains("`org`");
        assertThat(redelivery.get(1).body()).contains("Alert cleared");
        assertThat(target.requests()).allSatisfy(r -> assertThat(r.idempotencyKey()).as("no key header for Slack").isNull());
        assertThat(context.reported).as("reported once, not again on redelivery").hasSize(1);
    }

    @Test
    void retryAfterIsHonouredOn429() {
        target.answer(new Reply(429, "1", "rate limited", 0), Reply.of(200));
        AlertNotificationSinkTask task = task(target.config("teams"));
        long start = System.nanoTime();
        task.put(List.of(Alerts.record(open, 0)));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1_000);
        assertThat(target.requests()).hasSize(2);
        assertThat(target.requests().get(1).body()).contains("AdaptiveCard");
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeIsRetriedWithinBoundedTime() {
        target.answer(new Reply(200, null, "late", 1_500), Reply.of(200));
        Map<String, String> config = target.config("webhook");
        config.put(AlertSinkConfig.REQUEST_TIMEOUT_MS, "800");
        AlertNotificationSinkTask task = task(config);
        long start = System.nanoTime();
        task.put(List.of(Alerts.record(open, 0)));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        // the late 200 counted for nothing: the message was sent again with the same key (the receiver deduplicates);
        // on a loaded machine the prompt answer may miss its deadline too and be sent a third time, never a new key
        assertThat(target.requests()).extracting(Request::idempotencyKey).containsOnly(Alerts.notice(open).idempotencyKey())
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRefusalOrARecordThatIsNoAlertGoesToTheErrantRecordReporterAndTheRestIsDelivered() {
        target.answerBy(r -> r.body().contains("alert.opened") ? new Reply(400, null, "invalid_payload", 0) : Reply.of(200));
        context.reporter = (record, error) -> {
            context.reported.add(record.kafkaOffset() + ": " + error.getMessage());
            return CompletableFuture.completedFuture(null);
        };
        AlertNotificationSinkTask task = task(target.config("webhook"));
        SinkRecord notAlert = new SinkRecord("devsecops.alerts", 0, null, "org", null, "hello", 1);
        SinkRecord tombstone = new SinkRecord("devsecops.alerts", 0, null, "org", null, null, 2);
        task.put(List.of(Alerts.record(open, 0), notAlert, tombstone, Alerts.record(cleared, 3)));
        assertThat(target.requests()).hasSize(2); // 400: not retried
        assertThat(context.reported).hasSize(2);
        assertThat(context.reported.get(0)).startsWith("0: http://127.0.0.1:").contains("refused", "HTTP 400 invalid_payload")
                .doesNotContain("secret-path");
        assertThat(context.reported.get(1)).startsWith("1: not an alert");
    }

    @Test
    void aRedirectIsNotFollowed() {
        target.answer(Reply.of(302));
        context.reporter = (record, error) -> {
            context.reported.add(error.getMessage());
            return CompletableFuture.completedFuture(null);
        };
        task(target.config("slack")).put(List.of(Alerts.record(open, 0)));
        assertThat(target.requests()).hasSize(1);
        assertThat(context.reported).singleElement().asString().contains("HTTP 302");
    }

    @Test
    void withoutErrorReportingARefusalFailsTheTaskUnlessAllErrorsAreTolerated() {
        target.answer(Reply.of(404));
        AlertNotificationSinkTask strict = task(target.config("slack"));
        assertThatThrownBy(() -> strict.put(List.of(Alerts.record(open, 7)))).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class).hasMessageContaining("devsecops.alerts-0@7").hasMessageContaining("HTTP 404")
                .hasMessageNotContaining("secret-path");
        Map<String, String> tolerant = target.config("slack");
        tolerant.put(AlertNotificationSinkTask.ERRORS_TOLERANCE, "all");
        task(tolerant).put(List.of(Alerts.record(open, 7))); // logged and skipped
        assertThat(target.requests()).hasSize(2);
    }

    @Test
    void onlyTheConfiguredAlertTypesAreSent() {
        Map<String, String> config = target.config("slack");
        config.put(AlertSinkConfig.ALERT_TYPES, "TIER1_COVERAGE_DROP");
        task(config).put(List.of(Alerts.record(open, 0)));
        assertThat(target.requests()).isEmpty();
    }

    /** The parts of the worker's context the task uses. */
    static final class Context implements SinkTaskContext {
        long timeoutMs;
        ErrantRecordReporter reporter;
        final List<String> reported = new ArrayList<>();

        public Map<String, String> configs() {
            return Map.of();
        }

        public void offset(Map<TopicPartition, Long> offsets) {
        }

        public void offset(TopicPartition tp, long offset) {
        }

        public void timeout(long ms) {
            timeoutMs = ms;
        }

        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        public void pause(TopicPartition... partitions) {
        }

        public void resume(TopicPartition... partitions) {
        }

        public void requestCommit() {
        }

        public ErrantRecordReporter errantRecordReporter() {
            return reporter;
        }

        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
