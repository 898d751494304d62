package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.app.ApplicationReset;
import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.app.FolderLock;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "reset", description = {
        "Reset a stopped application, as Kafka's application reset tool does: its offsets on the input topics go back to the",
        "earliest, its internal topics are deleted and this instance's local state is removed, so the next start reads every",
        "input again. Stop every instance first. Against an external cluster it takes run's configuration; with --data-dir it",
        "resets the embedded stack of up and demo in that folder."})
final class ResetCommand implements Callable<Integer> {
    static final int NOT_CONFIRMED = 1;
    static final int BROKER_UNREACHABLE = 2;
    static final int STILL_RUNNING = 3;

    @Mixin
    ConfigOptions options;

    @Option(names = "--data-dir", description = "The data dir of bin/dsm up or demo: reset the embedded stack kept there (its broker is "
            + "started for the reset and stopped again).")
    Path dataDir;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        if (dataDir == null) {
            return reset(options.load());
        }
        if (!Files.isDirectory(dataDir.resolve("kafka"))) {
            System.err.println("error: " + dataDir.toAbsolutePath() + " holds no embedded stack (no kafka folder): nothing to reset");
            return NOT_CONFIRMED;
        }
        FolderLock lock;
        try {
            lock = EmbeddedStack.lockDataDir(dataDir);
        } catch (EmbeddedStack.AlreadyRunning e) {
            System.err.println("error: " + e.getMessage().replace("(stop it with Ctrl-C, or use another --data-dir)",
                    "; stop it (Ctrl-C) before resetting"));
            return STILL_RUNNING;
        }
        BrokerLog.routeToFile(dataDir);
        try (lock; EmbeddedKafka kafka = new EmbeddedKafka(dataDir.toAbsolutePath(), EmbeddedKafka.freePort()).start()) {
            return reset(options.load(Map.of(DsmConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    DsmConfig.STATE_DIR, EmbeddedStack.stateDir(dataDir).toString())));
        }
    }

    private int reset(DsmConfig config) throws Exception {
        var props = config.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        String bootstrap = config.get(DsmConfig.BOOTSTRAP_SERVERS);
        try (Admin admin = Admin.create(props)) {
            try {
                admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("error: cannot reach Kafka at " + bootstrap + " (" + LoadCommand.rootMessage(e) + ")");
                return BROKER_UNREACHABLE;
            }
            ApplicationReset reset = new ApplicationReset(admin, config.get(DsmConfig.APPLICATION_ID), Topics.INPUTS,
                    Path.of(config.get(DsmConfig.STATE_DIR)));
            try {
                ApplicationReset.Plan plan = reset.plan();
                System.out.println("Reset at " + bootstrap + ", " + plan.describe());
                if (!yes && !confirmed()) {
                    System.out.println("Nothing was changed.");
                    return NOT_CONFIRMED;
                }
                reset.execute(plan);
                System.out.println("Done: the next start reads every input again and rebuilds its state.");
                return 0;
            } catch (ApplicationReset.StillRunning e) {
                System.err.println("error: " + e.getMessage() + " Nothing was changed.");
                return STILL_RUNNING;
            }
        }
    }

    /** Asks on the terminal (or whatever stdin is); anything but yes, or no answer at all, keeps everything as it is. */
    private static boolean confirmed() throws IOException {
        System.out.print("Type 'yes' to reset: ");
        System.out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("yes") || answer.trim().equalsIgnoreCase("y"));
    }
}
