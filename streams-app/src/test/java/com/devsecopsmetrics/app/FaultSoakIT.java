package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.cli.GeneratedHistory;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceAnswers;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN §7, under repeated faults: ten {@code kill -9} of the application at random moments of a backfill and one
 * broker restart while it runs lose and double-count nothing. Afterwards every scope's answers equal the independent
 * computation, and the last committed record of each service-day in {@code devsecops.metrics.daily} holds that
 * day's final figures.
 */
class FaultSoakIT {
    private static final int KILLS = 10;
    /** Another seed gives other moments: {@code mvn verify -Dfault.soak.seed=...}. */
    private static final long SEED = Long.getLong("fault.soak.seed", 15);
    private static final int SERVICES = 40;
    private static final int DAYS = 120;
    /** Relative to today, so the history stays inside the 400 retention days whenever the test runs. */
    private static final LocalDate LAST_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(7);
    private static final String GROUP = "devsecops-metrics";

    @TempDir
    Path dir;
    @AutoClose
    private EmbeddedKafka broker;
    @AutoClose
    private ChildApplication app;

    @Test
    void tenKillsAndABrokerRestartDuringABackfillLoseAndDoubleCountNothing() throws Exception {
        long began = System.nanoTime();
        broker = new EmbeddedKafka(dir.resolve("broker"), freePort()).start();
        String bootstrap = broker.bootstrapServers();
        GeneratedHistory history = GeneratedHistory.generate(dir.resolve("generated"), SERVICES, DAYS, SEED, LAST_DAY);
        // A dead member holds up the next rebalance for its session timeout (45 s by default); a short one keeps ten
        // restarts within minutes. Progress is committed every second (the product's commit interval).
        app = new ChildApplication(dir, bootstrap, "1g", Map.of("rollup.interval.ms", "500",
                "session.timeout.ms", "6000", "heartbeat.interval.ms", "1500")).start().awaitUp(Duration.ofMinutes(2));
        history.loadInto(bootstrap);

        Random random = new Random(SEED);
        FaultLog faults;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap,
                // The broker is away for a while: a lag probe must give up quickly, not hold the test for a minute.
                "default.api.timeout.ms", "5000", "request.timeout.ms", "3000"))) {
            Backfill backfill = new Backfill(admin);
            faults = new FaultLog(backfill.total());
            int brokerRestartInLife = 2 + random.nextInt(KILLS - 3);
            for (int life = 1; life <= KILLS; life++) {
                long started = System.nanoTime();
                long lagAtStart = backfill.awaitProgress(app);
                if (life == brokerRestartInLife) {
                    restartBrokerWhileTheAppRuns(backfill, random, faults);
                }
                // A random moment within the next commit interval (1 s): mostly with a transaction open.
                Thread.sleep(random.nextInt(1_000));
                app.kill();
                long lagAtKill = backfill.lag();
                faults.kill(life, lagAtStart, lagAtKill, System.nanoTime() - started);
                assertThat(lagAtKill).as("kill %d lands before the backfill is done", life).isPositive();
                app.start();
            }
            app.awaitUp(Duration.ofMinutes(3));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> backfill.lag() == 0);
            faults.caughtUp(System.nanoTime() - began);
        }

        ReferenceMetrics reference = history.reference();
        LocalDate from = history.firstDay();
        LocalDate to = LAST_DAY.plusDays(1);
        // Roll-ups settle within rollup.interval.ms of the last change: wait for the org figures before comparing all.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                ReferenceAnswers.comparePeriod("org", metrics("org", from, to), reference, "org", from, to));
        int compared = 0;
        for (String scope : ReferenceAnswers.scopes(reference)) {
            for (LocalDate[] period : List.of(new LocalDate[]{from, to}, new LocalDate[]{LAST_DAY.minusDays(40), LAST_DAY.minusDays(30)})) {
                compared += ReferenceAnswers.comparePeriod(scope + " " + period[0] + ".." + period[1],
                        metrics(scope, period[0], period[1]), reference, scope, period[0], period[1]);
            }
        }
        List<String> snapshotScopes = ReferenceAnswers.scopes(reference).stream()
                .filter(s -> s.equals("org") || s.startsWith("team:")).toList();
        for (String scope : snapshotScopes) {
            for (LocalDate date : List.of(LAST_DAY, LAST_DAY.minusDays(45))) {
                compared += ReferenceAnswers.compareSnapshot(scope + " " + date,
                        app.get("/api/v1/snapshot?scope=" + scope + "&date=" + date), reference, scope, date);
            }
        }
        // The whole history, wider than the generated days: a day published outside them would count too.
        int serviceDays = new PublishedDailyFigures(bootstrap).awaitEqual(reference, LAST_DAY.minusYears(1), to.plusDays(1));
        faults.done(compared, serviceDays, System.nanoTime() - began);
    }

    /**
     * Stops the broker while the application processes, keeps it away a few seconds and starts it again on the same
     * data and ports. The application either rides it out or exits non-zero by design (DESIGN §7); then it is
     * started again, as its supervisor would.
     */
    private void restartBrokerWhileTheAppRuns(Backfill backfill, Random random, FaultLog faults) throws Exception {
        long lagBefore = backfill.lag();
        long stopped = System.nanoTime();
        broker.close();
        Thread.sleep(2_000 + random.nextInt(4_000));
        broker.start();
        long away = System.nanoTime() - stopped;
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                !app.process().isAlive() || backfill.lag() < lagBefore);
        Integer exit = null;
        if (!app.process().isAlive()) {
            exit = app.process().exitValue();
            assertThat(exit).as("an application that gives up on the broker exits non-zero").isNotZero();
            app.start();
            backfill.awaitProgress(app);
        }
        faults.brokerRestart(lagBefore, away, exit);
    }

    private JsonNode metrics(String scope, LocalDate from, LocalDate to) throws Exception {
        return app.get("/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + to);
    }

    /** The application's committed position in its inputs. */
    private record Backfill(Admin admin) {
        long total() throws Exception {
            return ConsumerLag.of(admin, GROUP + "-not-a-group", Topics.INPUTS);
        }

        /** Committed lag, or {@link Long#MAX_VALUE} while the broker cannot tell. */
        long lag() {
            try {
                return ConsumerLag.of(admin, GROUP, Topics.INPUTS);
            } catch (Exception e) {
                return Long.MAX_VALUE;
            }
        }

        /**
         * Waits until the (re)started application is up and has committed progress, so that the next kill lands
         * mid-stream rather than during start-up or state restoration.
         * @return the lag when it started
         */
        long awaitProgress(ChildApplication app) {
            app.awaitUp(Duration.ofMinutes(3));
            long atStart = await().atMost(Duration.ofMinutes(1)).until(this::lag, lag -> lag != Long.MAX_VALUE);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> lag() < atStart);
            return atStart;
        }
    }

    /** The faults as they happen, printed at once, so that a run that fails still tells how far it came. */
    private static final class FaultLog {
        FaultLog(long total) {
            print("%d input events, seed %d, %d services x %d days to %s", total, SEED, SERVICES, DAYS, LAST_DAY);
        }

        void kill(int n, long lagAtStart, long lagAtKill, long lifeNanos) {
            print("kill -9 #%d after %.1f s: committed lag %d at start, %d at kill", n, lifeNanos / 1e9, lagAtStart, lagAtKill);
        }

        void brokerRestart(long lagBefore, long awayNanos, Integer exit) {
            print("broker restart at lag %d, away %.1f s; the application %s", lagBefore, awayNanos / 1e9,
                    exit == null ? "rode it out" : "exited " + exit + " and was restarted");
        }

        void caughtUp(long nanos) {
            print("caught up %.1f s after the start", nanos / 1e9);
        }

        void done(int compared, int serviceDays, long nanos) {
            print("%d REST values and %d service-days of devsecops.metrics.daily equal the reference; total %.1f s",
                    compared, serviceDays, nanos / 1e9);
        }

        private static void print(String format, Object... args) {
            System.out.println("fault soak: " + String.format(format, args));
        }
    }
}
