package com.devsecopsmetrics.app;

import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.config.DsmConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded default of DESIGN §2: a real KRaft broker and the application in one process, all state under
 * one data folder. A lock on the folder and a check of both ports refuse a second copy with a clear reason.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final Path dataDir;
    private final int kafkaPort;
    private final int restPort;
    private final Map<String, String> overrides;
    private FolderLock lock;
    private EmbeddedKafka kafka;
    private MetricsApplication app;
    private Runnable onUnrecoverable = () -> { };
    private Map<String, String> settings;
    private DsmConfig config;

    public EmbeddedStack(Path dataDir, int kafkaPort, int restPort, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.kafkaPort = kafkaPort;
        this.restPort = restPort;
        this.overrides = overrides;
    }

    /** Thrown when another copy already runs; the message says what is in the way. */
    public static final class AlreadyRunning extends Exception {
        public AlreadyRunning(String message) {
            super(message);
        }
    }

    /** What the application does once Kafka Streams stopped on an unrecoverable error; see MetricsApplication. */
    public EmbeddedStack onUnrecoverable(Runnable action) {
        this.onUnrecoverable = action;
        return this;
    }

    public EmbeddedStack start() throws Exception {
        Files.createDirectories(dataDir);
        lock = lockDataDir(dataDir);
        requireFree(kafkaPort, "Kafka");
        requireFree(restPort, "REST");
        try {
            kafka = new EmbeddedKafka(dataDir, kafkaPort).start();
            settings = new HashMap<>(overrides);
            settings.put(DsmConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            settings.put(DsmConfig.STATE_DIR, stateDir(dataDir).toString());
            settings.put(DsmConfig.REST_PORT, String.valueOf(restPort));
            config = DsmConfig.load(null, System.getenv(), settings);
            app = new MetricsApplication(config).onUnrecoverable(onUnrecoverable).start();
            return this;
        } catch (Exception | Error e) {
            close(); // a start that fails halfway stops the broker it started: the caller never gets a stack to close
            throw e;
        }
    }

    /** Where the stack keeps the application's state stores ({@code state.dir}) inside its data dir. */
    public static Path stateDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("state");
    }

    /** The lock every user of a data dir holds: a running stack, or {@code dsm reset} while it works on the folder. */
    public static FolderLock lockDataDir(Path dataDir) throws IOException, AlreadyRunning {
        return FolderLock.tryLock(dataDir.toAbsolutePath().resolve(".lock")).orElseThrow(() -> new AlreadyRunning(
                "devsecops-metrics is already running with data dir " + dataDir.toAbsolutePath()
                        + " (stop it with Ctrl-C, or use another --data-dir)"));
    }

    private void requireFree(int port, String what) throws AlreadyRunning {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("0.0.0.0", port));
        } catch (IOException e) {
            close();
            throw new AlreadyRunning(what + " port " + port + " is already in use (is another bin/dsm running?);"
                    + " choose another with --" + (what.equals("Kafka") ? "kafka" : "rest") + "-port");
        }
    }

    /**
     * Stops the application and starts it again on the same broker, as an operator restarts an instance; with
     * {@code wipeState} its state dir is deleted in between, so every store is rebuilt from the changelogs.
     */
    public void restartApplication(boolean wipeState) throws Exception {
        stopApplication();
        if (wipeState) {
            ApplicationReset.deleteRecursively(stateDir(dataDir));
        }
        app = new MetricsApplication(config).onUnrecoverable(onUnrecoverable).start();
    }

    /**
     * A further instance of the application on this stack's broker, as a second machine would run it: the same
     * settings with a state dir and REST port of its own. The caller closes it.
     */
    public MetricsApplication startInstance(Path instanceStateDir, int instanceRestPort) throws Exception {
        Map<String, String> instance = new HashMap<>(settings);
        instance.put(DsmConfig.STATE_DIR, instanceStateDir.toAbsolutePath().toString());
        instance.put(DsmConfig.REST_PORT, String.valueOf(instanceRestPort));
        return new MetricsApplication(DsmConfig.load(null, System.getenv(), instance)).onUnrecoverable(onUnrecoverable).start();
    }

    /** Stops this stack's own instance, as an orderly shutdown does; the broker keeps running. */
    public void stopApplication() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    public DsmConfig config() {
        return config;
    }

    public MetricsApplication app() {
        return app;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        stopApplication();
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
