package com.devsecopsmetrics.app;

import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upgrade in place: the previous release (its jar and lib folder, built by {@code .ci/state-upgrade} from the
 * commit it names and passed as {@code -Ddsm.previous.classpath}) processes a history, then this build starts on the
 * state dir and the changelogs it wrote, and again on the changelogs alone (an empty state dir, as a new pod). Every
 * answer the previous release gave must be given again: each field it had, with the same value (this build may
 * add fields).
 */
class StateUpgradeIT {
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 5, 31);
    private static final int DAYS = 75;
    /** A JVM ends with 128 + 15 on SIGTERM once its shutdown hooks have run. */
    private static final int SIGTERM_EXIT = 143;
    private static final LocalDate FIRST_DAY = LAST_DAY.minusDays(DAYS - 1);
    @TempDir
    Path dir;
    @AutoClose
    private EmbeddedKafka broker;
    @AutoClose
    private ChildApplication app;

    @Test
    void thisBuildAnswersWhatThePreviousReleaseAnsweredFromItsStateAndItsChangelogs() throws Exception {
        String previous = System.getProperty("dsm.previous.classpath", "");
        assertThat(previous).as("-Ddsm.previous.classpath: the previous release's jar and lib/* (.ci/state-upgrade builds it)")
                .isNotBlank();
        broker = new EmbeddedKafka(dir.resolve("broker"), freePort()).start();
        String bootstrap = broker.bootstrapServers();
        // The history as a user of the previous release had it: made and loaded by that release's own commands.
        Path generated = dir.resolve("generated");
        previousCommand(previous, "generate", "--services", "16", "--days", String.valueOf(DAYS), "--seed", "31",
                "--end", LAST_DAY.toString(), "--out", generated.toString());
        app = new ChildApplication(dir, bootstrap, "1g", Map.of("rollup.interval.ms", "500"))
                .withClassPath(previous).start().awaitUp(Duration.ofSeconds(90));
        for (String kind : ReferenceMetrics.KINDS) {
            previousCommand(previous, "load", "--topic", kind, "--bootstrap-server", bootstrap, generated.resolve(kind + ".jsonl").toString());
        }
        ReferenceMetrics reference = ReferenceMetrics.fromDirectory(generated);
        awaitCaughtUp(bootstrap, reference);
        Map<String, JsonNode> firstRun = settled(reference);
        assertThat(app.stop(Duration.ofSeconds(60))).as("the previous release stops on SIGTERM").isEqualTo(SIGTERM_EXIT);
        // The previous release restarted on its own state: what an upgrade's restart is compared with. A restart
        // re-reports every partition's last day to the alert evaluator, so alerts may differ from the first run's.
        app.start().awaitUp(Duration.ofSeconds(90));
        awaitCaughtUp(bootstrap, reference);
        Map<String, JsonNode> before = settled(reference);
        System.out.printf("StateUpgradeIT: the previous release's answers %s after its own restart%n",
                before.equals(firstRun) ? "were the same" : "changed in " + changedKeys(firstRun, before));
        assertThat(app.stop(Duration.ofSeconds(60))).as("the previous release stops on SIGTERM").isEqualTo(SIGTERM_EXIT);

        app.withClassPath(System.getProperty("java.class.path")).start().awaitUp(Duration.ofSeconds(90));
        awaitCaughtUp(bootstrap, reference);
        assertSameAnswers(before, reference, "this build on the previous release's state dir");
        assertThat(app.stop(Duration.ofSeconds(60))).isEqualTo(SIGTERM_EXIT);

        try (var paths = Files.walk(dir.resolve("state"))) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(dir.resolve("state")).doesNotExist();
        app.start().awaitUp(Duration.ofSeconds(90));
        awaitCaughtUp(bootstrap, reference);
        assertSameAnswers(before, reference, "this build restoring the previous release's changelogs");
    }

    /** A command of the previous release in its own JVM; it must succeed. */
    private void previousCommand(String classPath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "com.devsecopsmetrics.cli.Dsm"));
        command.addAll(List.of(args));
        Path log = dir.resolve("previous-" + args[0] + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DSM_"));
        Process process = pb.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("previous release: " + String.join(" ", args)).isTrue();
        assertThat(process.exitValue()).as("previous release: " + String.join(" ", args) + "\n" + Files.readString(log)).isZero();
    }

    private void awaitCaughtUp(String bootstrap, ReferenceMetrics reference) throws Exception {
        LocalDate from = FIRST_DAY;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    app.health() == 200 && ConsumerLag.of(admin, "devsecops-metrics", Topics.INPUTS) == 0);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(app.get(metrics("org", from)).path("dora").path("deployments").asLong())
                        .isEqualTo(reference.dora("org", from, LAST_DAY.plusDays(1)).get("deployments")));
    }

    /** The answers once two reads a few seconds apart agree (the roll-ups and the alert evaluation have settled). */
    private Map<String, JsonNode> settled(ReferenceMetrics reference) throws Exception {
        Map<String, JsonNode> last = served(reference);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(3000);
            Map<String, JsonNode> now = served(reference);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the previous release's answers did not settle within a minute");
    }

    /** Every answer, once each is served: right after a start a partition may still be restoring (503). */
    private Map<String, JsonNode> served(ReferenceMetrics reference) {
        AtomicReference<Map<String, JsonNode>> got = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> got.set(answers(reference)));
        return got.get();
    }

    private void assertSameAnswers(Map<String, JsonNode> before, ReferenceMetrics reference, String what) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, JsonNode> after = answers(reference);
            List<String> differences = new ArrayList<>();
            before.forEach((path, old) -> compare(path, old, after.get(path), differences));
            assertThat(differences).as(what).isEmpty();
        });
        System.out.printf("StateUpgradeIT: %s gave the previous release's %d answers (%d values)%n", what, before.size(),
                before.values().stream().mapToLong(StateUpgradeIT::leaves).sum());
    }

    /** Every field of {@code old} must be in {@code now} with the same value; {@code now} may have more. */
    private static void compare(String at, JsonNode old, JsonNode now, List<String> differences) {
        if (now == null) {
            differences.add(at + ": missing, was " + old);
        } else if (old.isObject() && now.isObject()) {
            old.fields().forEachRemaining(f -> compare(at + "." + f.getKey(), f.getValue(), now.get(f.getKey()), differences));
        } else if (old.isArray() && now.isArray() && old.size() == now.size()) {
            for (int i = 0; i < old.size(); i++) {
                compare(at + "[" + i + "]", old.get(i), now.get(i), differences);
            }
        } else if (!old.equals(now)) {
            differences.add(at + ": " + old + " became " + now);
        }
    }

    private static List<String> changedKeys(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        return a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).toList();
    }

    private static long leaves(JsonNode node) {
        if (!node.isContainerNode()) {
            return 1;
        }
        long n = 0;
        for (JsonNode child : node) {
            n += leaves(child);
        }
        return n;
    }

    private Map<String, JsonNode> answers(ReferenceMetrics reference) throws Exception {
        LocalDate from = FIRST_DAY;
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<String> scopes = new ArrayList<>(List.of("org", "tier:TIER_1", "tier:TIER_2", "tier:TIER_3", "exposure:internet"));
        reference.services().stream().map(reference::teamOf).distinct().sorted().forEach(team -> scopes.add("team:" + team));
        reference.services().stream().limit(4).forEach(service -> scopes.add("service:" + service));
        for (String scope : scopes) {
            answers.put(metrics(scope, from), app.get(metrics(scope, from)));
            String snapshot = "/api/v1/snapshot?scope=" + scope + "&date=" + LAST_DAY;
            answers.put(snapshot, app.get(snapshot));
        }
        for (String service : reference.services().stream().limit(4).toList()) {
            String page = "/api/v1/services/" + service + "?date=" + LAST_DAY;
            answers.put(page, app.get(page));
        }
        answers.put("/api/v1/services", app.get("/api/v1/services"));
        for (String metric : List.of("deployments", "change_failure_rate", "risk_index", "weighted_practice_coverage")) {
            String series = "/api/v1/timeseries?scope=org&metric=" + metric + "&from=" + from + "&to=" + LAST_DAY.plusDays(1) + "&step=week";
            answers.put(series, app.get(series));
        }
        // The report's figures; its sentences and verdicts follow wording rules that this release changed on purpose.
        String report = "/api/v1/report?month=" + LAST_DAY.toString().substring(0, 7);
        answers.put(report + " manager", app.get(report).path("manager"));
        JsonNode alerts = app.get("/api/v1/alerts");
        // as_of is the time the evaluator last looked, which moves on with the wall clock in any build.
        alerts.path("alerts").forEach(a -> ((ObjectNode) a).remove("as_of"));
        answers.put("/api/v1/alerts", alerts);
        return answers;
    }

    private static String metrics(String scope, LocalDate from) {
        return "/api/v1/metrics?scope=" + scope + "&from=" + from + "&to=" + LAST_DAY.plusDays(1);
    }
}
