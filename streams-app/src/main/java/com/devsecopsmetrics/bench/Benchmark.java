package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import com.devsecopsmetrics.serde.KafkaAvroSerializer;
import com.sun.management.OperatingSystemMXBean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Map;

/**
 * Loads a generated organisation into the embedded broker under exactly-once processing and reports the
 * throughput from the first produce until the consumer lag is zero, then the latency of org-wide queries.
 */
public final class Benchmark {
    /**
     * @param warmUpServices services of a smaller organisation loaded first into a separate stack in the same JVM,
     *                       so the measured run starts with compiled code; 0 measures a cold JVM
     */
    public record Settings(int services, int days, long seed, int queries, Path dataDir, int kafkaPort, int restPort,
                           int warmUpServices, int warmUpRounds, Modes modes) {
        boolean userPath() {
            return modes.userPath();
        }

        boolean live() {
            return modes.liveSeconds() > 0;
        }

        boolean restore() {
            return modes.restore();
        }
    }

    /**
     * @param userPath JSON Lines loaded by one {@code dsm load DIR} in a JVM of its own, from a cold start, instead of events
     *                 produced in process after warm-up rounds
     * @param liveSeconds after the backfill, the first live event, then a trickle of 200 live events/s for this
     *                    long, produce to visible; 0 for none
     * @param restore  at the end, the state dir deleted and the instance restarted, until its answers are back
     */
    /** A backfill's events and the seconds from its first event sent until it was processed. */
    /** @param startedNanos when loading began (System.nanoTime), @param cpuStartedNanos the process CPU then */
    record Backfill(long events, double seconds, long startedNanos, long cpuStartedNanos) {
        double rate() {
            return events / seconds;
        }
    }

    public record Modes(boolean userPath, int liveSeconds, boolean restore) {
        public static final Modes PIPELINE = new Modes(false, 0, false);
    }

    private Benchmark() {
    }

    private static List<ProducerRecord<byte[], byte[]>> serialised(EmbeddedStack stack, OrganisationSpec spec) {
        KafkaAvroSerializer values = new KafkaAvroSerializer();
        values.configure(stack.config().asMap(), false);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        SyntheticOrganisation.generate(spec, (kind, event) -> records.add(new ProducerRecord<>(kind.topic(),
                EventKind.serviceId(event).getBytes(StandardCharsets.UTF_8), values.serialize(kind.topic(), event))));
        return records;
    }

    private static Properties producerProperties(EmbeddedStack stack) {
        Properties p = stack.config().clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    public static void run(Settings s, PrintStream out) throws Exception {
        LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Instant end = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        out.printf("machine: %d cores, %d MiB max heap, %s %s, JVM options %s, MALLOC_ARENA_MAX %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Objects.requireNonNullElse(System.getenv("MALLOC_ARENA_MAX"), "unset"));
        // The user's path starts cold, as a user's first backfill does.
        for (int round = 1; !s.userPath() && s.warmUpServices() > 0 && round <= s.warmUpRounds(); round++) {
            warmUp(s, end, round, out);
        }
        Path measured = s.dataDir().resolve("measured");
        // One standby a task: no effect on a lone instance (a standby never shares its active's instance), it lets the
        // second instance that --restore starts at the end hold standby copies to take over from.
        Map<String, String> overrides = s.restore() ? Map.of(DsmConfig.NUM_STANDBY_REPLICAS, "1") : Map.of();
        try (EmbeddedStack stack = new EmbeddedStack(measured, s.kafkaPort(), s.restPort(), overrides).start();
             Admin admin = Admin.create(stack.config().clientProperties())) {
            String base = "http://localhost:" + s.restPort();
            String orgMetricsPath = "/api/v1/metrics?scope=org&from=" + lastDay.minusDays(89) + "&to=" + lastDay.plusDays(1);
            String orgMetrics = base + orgMetricsPath;
            OrganisationSpec spec = new OrganisationSpec(s.services(), s.days(), s.seed(), end);
            Backfill backfill = s.userPath()
                    ? UserPath.loadUntilFinal(stack, admin, spec, s.dataDir().resolve("jsonl"), orgMetrics, out)
                    : loadUntilCaughtUp(stack, admin, spec, out);
            long events = backfill.events();
            QueryFigures.measure(s.restPort(), lastDay, s.queries(), out);
            if (s.userPath()) {
                UserPath.snapshotsComplete(admin, backfill, out);
            }
            BrokerWrites.print(admin, events, out);
            Footprint.print(stack.config(), EmbeddedStack.stateDir(measured), out);
            if (s.live()) {
                new Freshness(stack.config(), s.restPort(), QueryFigures.serviceIds(base).get(0)).measure(200, s.modes().liveSeconds(), out);
            }
            if (s.restore()) {
                List<String> compared = List.of(orgMetricsPath, "/api/v1/snapshot?scope=org&date=" + lastDay.minusDays(60));
                Restore.measure(stack, compared, out);
                StandbyTakeover.measure(stack, s.dataDir().resolve("standby-state"), compared, out);
            }
            // The yardstick runs last, alone on the broker: the product keeps publishing the snapshot topic for a while
            // after lag 0 (sliced), and the calibration topology measured beside it ran at 17k to 90k events/s.
            stack.stopApplication();
            double calibration = CalibrationTopology.measure(stack.config(), s.dataDir().resolve("calibration-state"), admin, events, out);
            out.printf("product / calibration topology: %.2f (%,.0f against %,.0f events/s)%n", backfill.rate() / calibration,
                    backfill.rate(), calibration);
        }
    }

    /**
     * Runs a smaller organisation through a stack of its own, then closes it: the JIT compiles the pipeline's hot
     * code here instead of on the measured run's cores (the C2 compiler alone took a quarter of the machine
     * for the first minute of a cold run). It spans the measured run's calendar: code compiled on a shorter span
     * never saw some dates' branches (January and February in {@code LocalDate.toEpochDay}, among others) and was
     * thrown away and compiled again in the measured run.
     */
    private static void warmUp(Settings s, Instant end, int round, PrintStream out) throws Exception {
        out.printf("warm-up %d of %d: %d services x %d days in a separate stack (not measured)%n", round, s.warmUpRounds(),
                s.warmUpServices(), s.days());
        try (EmbeddedStack stack = new EmbeddedStack(s.dataDir().resolve("warm-up-" + round), EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), Map.of()).start();
             Admin admin = Admin.create(stack.config().clientProperties())) {
            loadUntilCaughtUp(stack, admin, new OrganisationSpec(s.warmUpServices(), s.days(), s.seed() + round, end), out);
        }
    }

    /** Produces the organisation and waits until the application has consumed it; returns the number of events. */
    private static Backfill loadUntilCaughtUp(EmbeddedStack stack, Admin admin, OrganisationSpec spec, PrintStream out) throws Exception {
        // Measure processing, not start-up: the first rebalance and task creation happen before the clock starts.
        while (stack.app().streams().state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(100);
        }
        // Generate and serialise before the clock starts: the benchmark measures the pipeline, not the generator.
        List<ProducerRecord<byte[], byte[]>> records = serialised(stack, spec);
        long started = System.nanoTime();
        long events = records.size();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(stack),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
        records.clear();
        double produceSeconds = (System.nanoTime() - started) / 1e9;
        out.printf("produced %,d events (%d services x %d days) in %.1f s: %,.0f events/s%n",
                events, spec.services(), spec.days(), produceSeconds, events / produceSeconds);
        long cpuAfterProduce = processCpuNanos();
        long compilingAfterProduce = compileMillis();
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
        // The machine's speed drifts between runs; CPU time per event compares builds more steadily than the rate.
        long cpu = processCpuNanos() - cpuAfterProduce;
        if (cpuAfterProduce >= 0) {
            out.printf("process CPU from the end of the produce to lag 0: %.1f s, %.1f us per event%n", cpu / 1e9, cpu / 1e3 / events);
        }
        if (compilingAfterProduce >= 0) {
            out.printf("JIT compilation in that time: %.1f s%n", (compileMillis() - compilingAfterProduce) / 1e3);
        }
        return new Backfill(events, seconds, started, cpuAfterProduce);
    }

    /** The JIT compilers' accumulated time, or -1 where the JVM does not report it. */
    private static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** The JVM's CPU time over all its threads, or -1 where the platform does not report it. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
