package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.cli.GeneratedHistory;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceAnswers;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17 item 6: a rolling restart without errors. Two instances ({@code dsm run} as child JVMs) with one standby
 * each; a client queries at 10 requests/s a mix of routes while each instance in turn is stopped with SIGTERM and
 * started again. The client goes only to instances in rotation, as a load balancer with a readiness probe would: an
 * instance leaves the rotation before it is stopped and comes back once {@code /health/ready} answers 200. So the
 * instance that stays up answers alone, also for the partitions whose active copy was on the stopped one, through
 * the rebalances the stop and the start cause. Every query must succeed with the exact answer, during the roll and
 * after it.
 */
class RollingRestartIT {
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);
    private static final int DAYS = 60;
    private static final LocalDate FROM = LAST_DAY.minusDays(DAYS - 1);
    private static final LocalDate TO = LAST_DAY.plusDays(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    @AutoClose
    private EmbeddedKafka broker;
    @AutoClose
    private ChildApplication a;
    @AutoClose
    private ChildApplication b;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private ReferenceMetrics reference;

    /** One route of the mix and how its answer is judged. */
    private record Query(String path, Check check) {
    }

    @FunctionalInterface
    private interface Check {
        void verify(JsonNode answer);
    }

    @Test
    void rollingRestartOfBothInstancesAnswersEveryQueryExactly() throws Exception {
        long started = System.nanoTime();
        broker = new EmbeddedKafka(dir.resolve("broker"), freePort()).start();
        String bootstrap = broker.bootstrapServers();
        GeneratedHistory history = GeneratedHistory.generate(dir.resolve("generated"), 16, DAYS, 11, LAST_DAY);
        Map<String, String> settings = Map.of(DsmConfig.NUM_STANDBY_REPLICAS, "1", DsmConfig.NUM_STREAM_THREADS, "1",
                DsmConfig.ROLLUP_INTERVAL_MS, "500");
        a = new ChildApplication(java.nio.file.Files.createDirectories(dir.resolve("a")), bootstrap, "512m", settings).start();
        b = new ChildApplication(java.nio.file.Files.createDirectories(dir.resolve("b")), bootstrap, "512m", settings).start();
        a.awaitUp(Duration.ofSeconds(90));
        b.awaitUp(Duration.ofSeconds(90));
        history.loadInto(bootstrap);
        reference = history.reference();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> settled(admin));
        }
        List<Query> mix = mix();
        // Roll-ups settle within rollup.interval.ms of the last change: wait until every route answers exactly on both.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Query q : mix) {
                for (ChildApplication app : List.of(a, b)) {
                    q.check().verify(get(app.restPort(), q.path()));
                }
            }
        });
        System.out.printf("RollingRestartIT: loaded and settled after %d s%n", seconds(started));

        // The client: 10 requests/s, round robin over the mix and over the instances in rotation.
        List<ChildApplication> rotation = new CopyOnWriteArrayList<>(List.of(a, b));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger made = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        client.scheduleAtFixedRate(() -> {
            int n = made.getAndIncrement();
            Query q = mix.get(n % mix.size());
            List<ChildApplication> up = List.copyOf(rotation);
            ChildApplication target = up.get(n % up.size());
            long t0 = System.nanoTime();
            try {
                q.check().verify(get(target.restPort(), q.path()));
            } catch (Throwable e) {
                String what = String.format("#%d @%s %s: %s", n, target == a ? "A" : "B", q.path(), firstLine(e));
                failures.add(what);
                System.out.println("RollingRestartIT failure " + what);
            }
            slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
        }, 0, 100, TimeUnit.MILLISECONDS);

        long rollStarted = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Thread.sleep(3000);
            for (ChildApplication instance : List.of(a, b)) {
                String name = instance == a ? "A" : "B";
                rotation.remove(instance);
                Thread.sleep(300); // let a request in flight to it finish, as a load balancer drains
                long t0 = System.nanoTime();
                int exit = instance.stop(Duration.ofSeconds(60));
                System.out.printf("RollingRestartIT: %s stopped (exit %d) in %d ms%n", name, exit, (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(3000); // down for a while: the other instance answers alone
                t0 = System.nanoTime();
                instance.start();
                // Generous: on a loaded 2-core machine a JVM start alone can take tens of seconds.
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                        .until(() -> LocalRest.status(instance.restPort(), "/health/ready") == 200);
                rotation.add(instance);
                System.out.printf("RollingRestartIT: %s ready again %d ms after its start%n", name, (System.nanoTime() - t0) / 1_000_000);
                // The operator's rule before the next step: both instances ready and nothing left to process.
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> settled(admin));
                Thread.sleep(2000);
            }
        } finally {
            client.shutdown();
            assertThat(client.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            keepLogs();
        }
        System.out.printf("RollingRestartIT: %d queries during the roll (%d s), %d failed, slowest %d ms%n",
                made.get(), seconds(rollStarted), failures.size(), slowest.get());
        assertThat(failures).as("failed queries of " + made.get()).isEmpty();
        assertThat(made.get()).isGreaterThan(200);

        // Afterwards: every scope, from either instance, equals the independent computation.
        int compared = 0;
        for (String scope : ReferenceAnswers.scopes(reference)) {
            for (ChildApplication app : List.of(a, b)) {
                compared += ReferenceAnswers.comparePeriod(scope + " @" + app.restPort(), get(app.restPort(),
                        "/api/v1/metrics?scope=" + scope + "&from=" + FROM + "&to=" + TO), reference, scope, FROM, TO);
                compared += ReferenceAnswers.compareSnapshot(scope + " @" + app.restPort(), get(app.restPort(),
                        "/api/v1/snapshot?scope=" + scope + "&date=" + LAST_DAY), reference, scope, LAST_DAY);
            }
        }
        for (Query q : mix) {
            for (ChildApplication app : List.of(a, b)) {
                q.check().verify(get(app.restPort(), q.path()));
            }
        }
        System.out.printf("RollingRestartIT: %d values compared after the roll; %d s in all%n", compared, seconds(started));
        assertThat(compared).isGreaterThan(500);
    }

    /** The instances' logs, kept under target/ for a look after a failure. */
    private void keepLogs() throws java.io.IOException {
        Path kept = Path.of("target", "RollingRestartIT");
        java.nio.file.Files.createDirectories(kept);
        for (String instance : List.of("a", "b")) {
            try (var logs = java.nio.file.Files.newDirectoryStream(dir.resolve(instance), "*.log")) {
                for (Path log : logs) {
                    java.nio.file.Files.copy(log, kept.resolve(instance + "-" + log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Both instances ready and every input record processed. */
    private boolean settled(Admin admin) throws Exception {
        return LocalRest.status(a.restPort(), "/health/ready") == 200 && LocalRest.status(b.restPort(), "/health/ready") == 200
                && ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS) == 0;
    }

    /**
     * The routes the client cycles through: metrics and snapshots of the org, each team and some services (checked
     * against the reference), the catalogue, single services and the alerts (checked against the answer before the
     * roll, itself checked against the reference where it has one).
     */
    private List<Query> mix() throws Exception {
        List<String> services = new ArrayList<>(new TreeSet<>(reference.services()));
        Set<String> teams = new TreeSet<>();
        services.forEach(s -> teams.add(reference.teamOf(s)));
        List<String> scopes = new ArrayList<>(List.of("org"));
        teams.forEach(t -> scopes.add("team:" + t));
        services.stream().limit(6).forEach(s -> scopes.add("service:" + s));

        JsonNode catalogue = get(a.restPort(), "/api/v1/services");
        List<String> listed = new ArrayList<>();
        catalogue.path("services").forEach(s -> listed.add(s.path("service_id").asText()));
        assertThat(listed).isNotEmpty().isSubsetOf(services);
        assertThat(catalogue.path("count").asInt()).isEqualTo(listed.size());
        JsonNode alerts = get(a.restPort(), "/api/v1/alerts");

        List<Query> mix = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            mix.add(new Query("/api/v1/metrics?scope=" + scope + "&from=" + FROM + "&to=" + TO,
                    answer -> ReferenceAnswers.comparePeriod(scope, answer, reference, scope, FROM, TO)));
            mix.add(new Query("/api/v1/snapshot?scope=" + scope + "&date=" + LAST_DAY,
                    answer -> ReferenceAnswers.compareSnapshot(scope, answer, reference, scope, LAST_DAY)));
            String service = services.get(i % services.size());
            mix.add(new Query("/api/v1/services/" + service + "?date=" + LAST_DAY, answer -> {
                assertThat(answer.path("service_id").asText()).isEqualTo(service);
                assertThat(answer.path("tier").asText()).isEqualTo(reference.tierOf(service));
                ReferenceAnswers.compare(service + " last_28_days dora", answer.path("last_28_days").path("dora"),
                        reference.dora("service:" + service, LAST_DAY.minusDays(27), TO));
            }));
            if (i % 3 == 0) {
                mix.add(new Query("/api/v1/services", answer -> assertThat(answer).isEqualTo(catalogue)));
                mix.add(new Query("/api/v1/alerts", answer -> assertThat(answer).isEqualTo(alerts)));
            }
        }
        return mix;
    }

    private JsonNode get(int port, String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static String firstLine(Throwable e) {
        String line = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
        return line.length() > 400 ? line.substring(0, 400) : line;
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000;
    }
}
