package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.cli.GeneratedHistory;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §7: killing an instance mid-stream loses and double-counts nothing. The application runs as a child
 * JVM ({@code dsm run}) that is killed with SIGKILL while it processes a backfill, then started again; the
 * answers must equal the independent computation.
 */
class CrashRecoveryIT {
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 5, 31);
    private static final int DAYS = 120;
    @TempDir
    Path dir;
    @AutoClose
    private EmbeddedKafka broker;
    @AutoClose
    private ChildApplication app;

    @Test
    void aKilledInstanceResumesWithoutLosingOrDoubleCounting() throws Exception {
        broker = new EmbeddedKafka(dir.resolve("broker"), freePort()).start();
        String bootstrap = broker.bootstrapServers();
        GeneratedHistory history = GeneratedHistory.generate(dir.resolve("generated"), 40, DAYS, 23, LAST_DAY);
        app = new ChildApplication(dir, bootstrap, "1g", Map.of("rollup.interval.ms", "500")).start().awaitUp(Duration.ofSeconds(90));
        history.loadInto(bootstrap);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // Kill it once it has committed a good part of the work but not all: mid-stream, with an open
            // transaction and with rows committed from the write-back stores.
            long total = ConsumerLag.of(admin, "devsecops-metrics-not-a-group", Topics.INPUTS);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long lag = ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS);
                return lag > 0 && lag < total * 3 / 4;
            });
            app.kill();
            long lagAtKill = ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS);
            System.out.printf("killed with %d of %d events not yet committed%n", lagAtKill, total);

            app.start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    app.health() == 200 && ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS) == 0);
        }
        ReferenceMetrics reference = history.reference();
        LocalDate from = LAST_DAY.minusDays(DAYS - 1);
        LocalDate to = LAST_DAY.plusDays(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode org = metrics("org", from, to);
            Map<String, Object> dora = reference.dora("org", from, to);
            assertThat(org.path("dora").path("deployments").asLong()).isEqualTo(dora.get("deployments"));
            assertThat(org.path("dora").path("lead_time_samples").asLong()).isEqualTo(dora.get("lead_time_samples"));
            assertThat(org.path("dora").path("failed_deployments").asLong()).isEqualTo(dora.get("failed_deployments"));
            assertThat(org.path("dora").path("incidents_resolved").asLong()).isEqualTo(dora.get("incidents_resolved"));
            assertThat(org.path("security").path("commits").asLong()).isEqualTo(reference.security("org", from, to).get("commits"));
            Map<String, Object> debt = reference.debtFlow("org", from, to);
            assertThat(org.path("debt_flow").path("intake").asLong()).isEqualTo(debt.get("intake"));
            assertThat(org.path("debt_flow").path("fixed").asLong()).isEqualTo(debt.get("fixed"));
        });
        for (String service : reference.services()) {
            JsonNode one = metrics("service:" + service, from, to);
            assertThat(one.path("dora").path("deployments").asLong()).as(service)
                    .isEqualTo(reference.dora("service:" + service, from, to).get("deployments"));
            assertThat(one.path("security").path("commits").asLong()).as(service)
                    .isEqualTo(reference.security("service:" + service, from, to).get("commits"));
        }
    }

    private JsonNode metrics(String scope, LocalDate from, LocalDate to) throws Exception {
        return app.get("/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to);
    }
}
