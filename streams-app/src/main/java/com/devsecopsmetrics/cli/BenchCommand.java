package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.bench.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;

@Command(name = "bench", description = "Load a generated organisation into a fresh embedded stack; report events/s and query latency.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    OrganisationOptions organisation = new OrganisationOptions(1000, 365, 42);

    @Option(names = "--queries", defaultValue = "200", description = "Timed org queries (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--warm-up-services", defaultValue = "1000",
            description = "Services of an organisation over the same days run first through a separate stack in the same"
                    + " JVM, so the measured run starts with compiled code; 0 measures a cold JVM (default: ${DEFAULT-VALUE}).")
    int warmUpServices;

    @Option(names = "--warm-up-rounds", defaultValue = "2",
            description = "How many such organisations (each with its own seed) run before the measured one; after one, the"
                    + " JIT compilers still took 6-10%% of the measured window's CPU (default: ${DEFAULT-VALUE}).")
    int warmUpRounds;

    @Option(names = "--user-path", description = "Measure the user's path instead: the organisation written as JSON Lines, then"
            + " one `dsm load DIR` in a JVM of its own with this JVM's options, from a cold start (no warm-up rounds).")
    boolean userPath;

    @Option(names = "--live", description = "After the backfill: the first live event, then 200 live events/s for --live-seconds,"
            + " each timed from its produce until it counts in the org answer.")
    boolean live;

    @Option(names = "--live-seconds", defaultValue = "30", description = "How long the live trickle runs (default: ${DEFAULT-VALUE}).")
    int liveSeconds;

    @Option(names = "--restore", description = "At the end: stop the application, delete its state dir, start it again, and time"
            + " until its answers are back and equal.")
    boolean restore;

    @Option(names = "--data-dir", description = "Data folder (default: a fresh temporary folder, deleted afterwards).")
    Path dataDir;

    @Option(names = "--rest-port", defaultValue = "18080", description = "REST port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--kafka-port", defaultValue = "19092", description = "Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory(Path.of(System.getProperty("user.dir")), ".dsm-bench-");
        try {
            Benchmark.run(new Benchmark.Settings(organisation.services, organisation.days, organisation.seed, queries, dir, kafkaPort,
                    restPort, warmUpServices, warmUpRounds, new Benchmark.Modes(userPath, live ? liveSeconds : 0, restore)), System.out);
        } finally {
            if (dataDir == null) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }
}
