package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.ingest.generate.GenerateToDirectory;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path a user takes: the organisation written as JSON Lines ({@code dsm generate --out DIR}), then
 * {@code dsm load DIR} through the launcher that started the bench (so with the JVM options it gives a load), or, run
 * without it, in a JVM of its own with this JVM's options, against the running stack; the clock runs from the first load's start until the organisation's
 * numbers are final: the consumer lag is 0 and the org answer has stopped changing.
 */
final class UserPath {
    /** How long the org answer must stay the same, after lag 0, to count as final (a roll-up runs every second). */
    private static final long SETTLED_NANOS = 3_000_000_000L;
    /** How long the snapshot topic must stay the same to count as complete (a snapshot run comes every 2 s). */
    private static final long SNAPSHOTS_QUIET_NANOS = 6_000_000_000L;

    private UserPath() {
    }

    /** Returns the events loaded; prints the loader's rate and the end-to-end rate. */
    static Benchmark.Backfill loadUntilFinal(EmbeddedStack stack, Admin admin, OrganisationSpec spec, Path dir, String orgUrl,
                               PrintStream out) throws Exception {
        Map<String, Long> counts = GenerateToDirectory.write(spec, dir);
        long events = counts.values().stream().mapToLong(Long::longValue).sum();
        List<String> command = loadCommand(dir, stack.bootstrapServers());
        out.printf("user's path: %,d events as JSON Lines (%d services x %d days); one dsm load of the directory: %s%n",
                events, spec.services(), spec.days(), describe(command));
        long started = System.nanoTime();
        long cpuStarted = Benchmark.processCpuNanos();
        String output = run(command, dir);
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        for (String kind : counts.keySet()) {
            Matcher m = Pattern.compile(Pattern.quote(dir.resolve(kind + ".jsonl").toString()) + ": (\\d+) sent.* in ([0-9.]+) s").matcher(output);
            if (m.find()) {
                double s = Double.parseDouble(m.group(2));
                long lines = Long.parseLong(m.group(1));
                if (s > 0) {
                    out.printf("  %-12s %,9d lines in %5.1f s: %,.0f lines/s%n", kind, lines, s, lines / s);
                } else { // dsm load prints tenths of a second: a rate over a time rounded to zero would say nothing
                    out.printf("  %-12s %,9d lines in under 0.05 s%n", kind, lines);
                }
            }
        }
        out.printf("dsm load DIR, all kinds in one run (its JVM start included): %,d lines in %.1f s: %,.0f lines/s%n", events, loadSeconds,
                events / loadSeconds);
        String group = stack.config().get(DsmConfig.APPLICATION_ID);
        while (ConsumerLag.of(admin, group, Topics.INPUTS) > 0) {
            Thread.sleep(250);
        }
        long lagZero = System.nanoTime();
        long cpu = Benchmark.processCpuNanos() - cpuStarted;
        long finalAt = settled(orgUrl);
        double seconds = (finalAt - started) / 1e9;
        out.printf("end to end, first line loaded to final org numbers: %.1f s (lag 0 after %.1f s): %,.0f events/s%n",
                seconds, (lagZero - started) / 1e9, events / seconds);
        out.printf("the application's process CPU from the first line loaded to lag 0: %.1f s, %.1f us per event%n", cpu / 1e9, cpu / 1e3 / events);
        return new Benchmark.Backfill(events, seconds, started, cpuStarted);
    }

    /**
     * Waits for the snapshot topic to be complete and prints when it was, and the application's CPU to then: a
     * backfill's history is published once it stops changing, after the org numbers are final, so the CPU to lag 0
     * leaves that work out. The queries measured after the backfill ran meanwhile and are included.
     */
    static void snapshotsComplete(Admin admin, Benchmark.Backfill backfill, PrintStream out) throws Exception {
        long done = snapshotsPublished(admin);
        long cpu = Benchmark.processCpuNanos() - backfill.cpuStartedNanos();
        out.printf("snapshot topic complete (its end offsets then unchanged for %d s) %.1f s after the first line loaded: %,d records; "
                        + "the application's process CPU to then (the queries above included): %.1f s, %.1f us per event%n",
                SNAPSHOTS_QUIET_NANOS / 1_000_000_000L, (done - backfill.startedNanos()) / 1e9,
                ConsumerLag.endOffsets(admin, List.of(Topics.METRICS_SNAPSHOT)), cpu / 1e9, cpu / 1e3 / backfill.events());
    }

    /**
     * When the snapshot topic's end offsets last changed before staying put for {@link #SNAPSHOTS_QUIET_NANOS}: the
     * history a backfill changed is published once it stops changing, after the org numbers are final.
     */
    private static long snapshotsPublished(Admin admin) throws Exception {
        return steadySince(() -> ConsumerLag.endOffsets(admin, List.of(Topics.METRICS_SNAPSHOT)), v -> true, SNAPSHOTS_QUIET_NANOS, 250);
    }

    /** When the org answer took the value it then kept for {@link #SETTLED_NANOS}. */
    private static long settled(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return steadySince(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        }, Objects::nonNull, SETTLED_NANOS, 100);
    }

    /** A reading the bench polls. */
    @FunctionalInterface
    private interface Reading<T> {
        T read() throws Exception;
    }

    /**
     * Polls {@code reading} every {@code pollMillis} until it has kept one value, an {@code acceptable} one, for
     * {@code quietNanos}; returns when it was first read with that value.
     */
    private static <T> long steadySince(Reading<T> reading, Predicate<T> acceptable, long quietNanos, long pollMillis) throws Exception {
        T last = null;
        long changedAt = -1;
        while (true) {
            T value = reading.read();
            long now = System.nanoTime();
            if (changedAt < 0 || !Objects.equals(value, last)) {
                last = value;
                changedAt = now;
            } else if (acceptable.test(value) && now - changedAt >= quietNanos) {
                return changedAt;
            }
            Thread.sleep(pollMillis);
        }
    }

    /**
     * {@code dsm load DIR}: through the launcher ({@code DSM_LAUNCHER}, which it exports) when the bench came through
     * it, else in a JVM of its own with this JVM's heap and GC options.
     */
    private static List<String> loadCommand(Path dir, String bootstrap) {
        String launcher = System.getenv("DSM_LAUNCHER");
        List<String> command = new ArrayList<>();
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            command.add(launcher);
        } else {
            command.addAll(loaderJvm());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.devsecopsmetrics.cli.Dsm"));
        }
        command.addAll(List.of("load", dir.toString(), "--bootstrap-server", bootstrap));
        return command;
    }

    /** The command as the report shows it: the launcher and its JVM options (DSM_JAVA_OPTS or its defaults), or the JVM's. */
    private static String describe(List<String> command) {
        if (command.get(0).endsWith("java")) {
            return "a JVM with options " + command.subList(1, command.indexOf("-cp"));
        }
        String opts = System.getenv("DSM_JAVA_OPTS");
        return "bin/dsm load, JVM options " + (opts != null ? "from DSM_JAVA_OPTS: " + opts : "the launcher's defaults for load");
    }

    /** Runs {@code dsm load DIR}; returns what it printed. */
    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("dsm load " + dir + " failed:\n" + output);
        }
        return output;
    }

    /** java and this JVM's heap and GC options: what the launcher gave the bench, it gives every command. */
    private static List<String> loaderJvm() {
        List<String> jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((arg.startsWith("-Xm") || arg.startsWith("-XX:")) && !arg.contains("FlightRecord")) {
                jvm.add(arg);
            }
        }
        return jvm;
    }
}
