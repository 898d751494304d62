package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code devsecops.metrics.daily} as a BI tool reads it: committed records only (read_committed), the last record of
 * each {@code service_id|date} key being that day's figures. Compared with the independent computation, key by key
 * and in total, so that a lost, stale or double-counted day shows.
 */
final class PublishedDailyFigures {
    /** The counts compared, each with the reference group that holds it. */
    private static final List<String> DORA = List.of("deployments", "lead_time_samples", "failed_deployments", "incidents_resolved");
    private static final List<String> SECURITY = List.of("commits", "gate_bypasses");
    private static final List<String> DEBT_FLOW = List.of("intake", "fixed", "reopened");

    private final String bootstrap;
    private final Deserializer<ServiceDailyMetrics> values =
            EventSerdes.from(DsmConfig.defaults()).valueSerde(ServiceDailyMetrics.class).deserializer();

    PublishedDailyFigures(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Reads the topic to its end until every service-day's last record equals the reference and the days' counts add
     * up to the whole history's (a day missing from the topic would leave a total short).
     * @return how many service-days were compared
     */
    int awaitEqual(ReferenceMetrics reference, LocalDate historyFrom, LocalDate historyTo) {
        Map<String, Map<String, Long>> expected = new HashMap<>();
        Map<String, ServiceDailyMetrics> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.METRICS_DAILY).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                readToEnd(consumer, partitions, last);
                last.forEach((key, value) -> compare(key, value, expected.computeIfAbsent(key, k -> counts(reference, k))));
                Map<String, Long> totals = totals(last);
                Map<String, Long> history = counts(reference, "org", historyFrom, historyTo);
                assertThat(totals).as("every service-day's counts added up").isEqualTo(history);
            });
        }
        return last.size();
    }

    /** To the last stable offset of each partition, as it is now; later records wait for the next round. */
    private void readToEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Map<String, ServiceDailyMetrics> last) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                assertThat(r.key()).matches("[^|]+\\|\\d{4}-\\d{2}-\\d{2}");
                last.put(r.key(), values.deserialize(r.topic(), r.headers(), r.value()));
            });
        }
    }

    private static void compare(String key, ServiceDailyMetrics published, Map<String, Long> expected) {
        assertThat(published).as(key).isNotNull();
        assertThat(countsOf(published)).as(key).isEqualTo(expected);
    }

    private static Map<String, Long> counts(ReferenceMetrics reference, String key) {
        String[] parts = key.split("\\|");
        LocalDate day = LocalDate.parse(parts[1]);
        return counts(reference, "service:" + parts[0], day, day.plusDays(1));
    }

    private static Map<String, Long> counts(ReferenceMetrics reference, String scope, LocalDate from, LocalDate to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Object> dora = reference.dora(scope, from, to);
        Map<String, Object> security = reference.security(scope, from, to);
        Map<String, Object> debtFlow = reference.debtFlow(scope, from, to);
        DORA.forEach(name -> counts.put(name, (Long) dora.get(name)));
        SECURITY.forEach(name -> counts.put(name, (Long) security.get(name)));
        DEBT_FLOW.forEach(name -> counts.put(name, (Long) debtFlow.get(name)));
        return counts;
    }

    private static Map<String, Long> countsOf(ServiceDailyMetrics m) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("deployments", m.getDeployments());
        counts.put("lead_time_samples", m.getLeadTimeSamples());
        counts.put("failed_deployments", m.getFailedDeployments());
        counts.put("incidents_resolved", m.getIncidentsResolved());
        counts.put("commits", m.getCommits());
        counts.put("gate_bypasses", m.getGateBypasses());
        counts.put("intake", m.getIntake());
        counts.put("fixed", m.getFixed());
        counts.put("reopened", m.getReopened());
        return counts;
    }

    private static Map<String, Long> totals(Map<String, ServiceDailyMetrics> last) {
        Map<String, Long> totals = new LinkedHashMap<>();
        Stream.of(DORA, SECURITY, DEBT_FLOW).flatMap(List::stream).forEach(name -> totals.put(name, 0L));
        last.values().forEach(m -> countsOf(m).forEach((name, n) -> totals.merge(name, n, Long::sum)));
        return totals;
    }
}
