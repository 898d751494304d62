package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.app.FolderLock;
import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.config.DsmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

@Command(name = "up", description = "Start the embedded Kafka broker and the application, with no data.")
final class UpCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--broker-only", description = "Start only the embedded Kafka broker (no application, "
            + "--rest-port is not used): for application instances started separately with `dsm run`, as docker-compose.yml runs them.")
    boolean brokerOnly;

    @Override
    public Integer call() throws Exception {
        return brokerOnly ? brokerUntilStopped(stack) : runUntilStopped(stack, null);
    }

    /** The embedded broker alone, in the data dir's {@code kafka} folder and under its lock, until Ctrl-C. */
    static int brokerUntilStopped(StackOptions options) throws Exception {
        Files.createDirectories(options.dataDir);
        FolderLock lock;
        try {
            lock = EmbeddedStack.lockDataDir(options.dataDir);
        } catch (EmbeddedStack.AlreadyRunning e) {
            System.err.println(e.getMessage());
            return 3;
        }
        Path brokerLog = BrokerLog.routeToFile(options.dataDir);
        EmbeddedKafka kafka = new EmbeddedKafka(options.dataDir, options.kafkaPort).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            lock.close();
            stopped.countDown();
        }, "dsm-shutdown"));
        System.out.printf("Kafka is up on %s, data in %s%s%nPress Ctrl-C to stop.%n", kafka.bootstrapServers(),
                options.dataDir.toAbsolutePath(), brokerLogNote(brokerLog));
        stopped.await();
        return 0;
    }

    /**
     * Starts the stack, runs {@code whileUp} (if any) and blocks until Ctrl-C, then stops what {@code whileUp} started
     * (before the broker it writes to), then the app and the broker.
     */
    static int runUntilStopped(StackOptions options, Function<EmbeddedStack, AutoCloseable> whileUp) throws Exception {
        Path brokerLog = BrokerLog.routeToFile(options.dataDir);
        EmbeddedStack embedded = new EmbeddedStack(options.dataDir, options.kafkaPort, options.restPort,
                Map.of(DsmConfig.TOPIC_PARTITIONS, String.valueOf(options.partitions)))
                .onUnrecoverable(MetricsApplication.exitProcess());
        try {
            embedded.start();
        } catch (EmbeddedStack.AlreadyRunning e) {
            System.err.println(e.getMessage());
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<AutoCloseable> started = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            System.err.println("Stopping devsecops-metrics...");
            AutoCloseable extra = started.get();
            if (extra != null) {
                try {
                    extra.close();
                } catch (Exception e) {
                    System.err.println("stopping: " + e.getMessage());
                }
            }
            embedded.close();
            stopped.countDown();
        }, "dsm-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf("devsecops-metrics is up: dashboard and API on %s%nKafka on %s, data in %s%s%n",
                DashboardUrl.of(embedded.config(), embedded.app().restPort()), embedded.bootstrapServers(),
                options.dataDir.toAbsolutePath(), brokerLogNote(brokerLog));
        System.out.println("Press Ctrl-C to stop.");
        if (whileUp != null) {
            started.set(whileUp.apply(embedded));
        }
        stopped.await();
        return 0;
    }

    private static String brokerLogNote(Path brokerLog) {
        return brokerLog == null ? "" : ", broker log in " + brokerLog;
    }
}
