package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.DsmConfig;
import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.app.Topics;
import com.devsecopsmetrics.ingest.EventProducer;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Loads a generated organisation into the embedded broker under exactly-once processing and reports the
 * throughput from the first produce until the consumer lag is zero, then the latency of org-wide queries.
 */
public final class Benchmark {
    public record Settings(int services, int days, long seed, int queries, Path dataDir, int kafkaPort, int restPort) {
    }

    private Benchmark() {
    }

    public static void run(Settings s, PrintStream out) throws Exception {
        LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Instant end = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        out.printf("machine: %d cores, %d MiB max heap, %s %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        try (EmbeddedStack stack = new EmbeddedStack(s.dataDir(), s.kafkaPort(), s.restPort(), Map.of()).start();
             Admin admin = Admin.create(stack.config().clientProperties())) {
            // Measure processing, not start-up: the first rebalance and task creation happen before the clock starts.
            while (stack.app().streams().state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            long producedAt;
            long events;
            long started = System.nanoTime();
            try (EventProducer producer = new EventProducer(stack.config())) {
                SyntheticOrganisation.generate(new OrganisationSpec(s.services(), s.days(), s.seed(), end), producer::send);
                producer.flush();
                events = producer.acknowledged();
                producedAt = System.nanoTime();
                if (producer.failed() > 0) {
                    throw new IllegalStateException(producer.failed() + " events were not acknowledged: " + producer.firstError());
                }
            }
            double produceSeconds = (producedAt - started) / 1e9;
            out.printf("produced %,d events (%d services x %d days) in %.1f s: %,.0f events/s (generation included)%n",
                    events, s.services(), s.days(), produceSeconds, events / produceSeconds);
            String group = stack.config().get(DsmConfig.APPLICATION_ID);
            long lag;
            long lastReport = System.nanoTime();
            while ((lag = ConsumerLag.of(admin, group, Topics.INPUTS)) > 0) {
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    out.printf("  lag %,d after %.0f s%n", lag, (System.nanoTime() - started) / 1e9);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(500);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("processed to lag 0 in %.1f s from the first produce: %,.0f events/s under exactly_once_v2%n",
                    seconds, events / seconds);
            String url = "http://localhost:" + s.restPort() + "/api/v1/metrics?scope=org&from=" + lastDay.minusDays(89)
                    + "&to=" + lastDay.plusDays(1);
            Histogram latency = QueryLatency.measure(url, Math.min(20, s.queries()), s.queries());
            out.printf("GET /api/v1/metrics?scope=org over 90 days, %d queries: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
        }
    }
}
