package com.devsecopsmetrics.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker (combined broker and controller) running in this JVM, started from the
 * kafka_2.13 artifact. Its log directory lives under the data folder, so the same folder resumes and a
 * fresh one starts empty. A stopped broker can be started again ({@link #close()}, then {@link #start()}): it comes
 * back on the same ports with the same data, as a restarted broker would.
 * <p>
 * Its PLAINTEXT listener is also the inter-broker and controller one. Tests add secured listeners (SASL_SSL, SSL)
 * and broker settings (an authorizer, TLS stores) with {@link #withListener} and {@link #withSetting}.
 * <p>
 * Transactions run at version 1 ({@link #TRANSACTION_VERSION}). At version 2 (KIP-890 part 2, Kafka 4's default) a
 * transactional producer no longer registers a partition with the coordinator before writing to it: its first batch
 * of each transaction goes straight to the partition, whose leader answers CONCURRENT_TRANSACTIONS while the marker
 * of the producer's previous transaction is not yet written there (KAFKA-18575), and every batch pipelined behind it
 * OUT_OF_ORDER_SEQUENCE_NUMBER. Kafka Streams starts its next transaction right after a commit, so on this
 * two-core broker every commit raced its own markers: the producer retried and recovered, but the console showed an
 * {@code OutOfOrderSequenceException} stack per race. At version 1 the producer registers the partitions first and
 * the coordinator holds that request until the previous transaction is complete, so no write is ever refused.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER = "CONTROLLER";
    static final TransactionVersion TRANSACTION_VERSION = TransactionVersion.TV_1;
    /** Every port {@link #freePort} has returned in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final Path logDir;
    private final int port;
    /** Chosen on the first start and kept: the quorum's voter address must not move when the broker restarts. */
    private int controllerPort;
    private KafkaRaftServer server;
    /** Extra listeners by name (e.g. {@code SASL_SSL}, {@code MTLS}): their security protocol and port. */
    private final Map<String, Map.Entry<String, Integer>> listeners = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();

    public EmbeddedKafka(Path dataDir, int port) {
        this.logDir = dataDir.resolve("kafka");
        this.port = port;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Adds a listener {@code name} speaking {@code securityProtocol} (SASL_SSL, SSL, ...) on {@code port}; call before start. */
    public EmbeddedKafka withListener(String name, String securityProtocol, int port) {
        listeners.put(name, Map.entry(securityProtocol, port));
        return this;
    }

    /** A broker setting on top of the defaults (an authorizer, {@code listener.name.*} TLS or SASL settings); call before start. */
    public EmbeddedKafka withSetting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** The bootstrap address of a listener added with {@link #withListener}. */
    public String bootstrapServers(String listenerName) {
        var listener = listeners.get(listenerName);
        if (listener == null) {
            throw new IllegalArgumentException("no listener " + listenerName);
        }
        return "localhost:" + listener.getValue();
    }

    public EmbeddedKafka start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("the broker on " + bootstrapServers() + " is already running");
        }
        Files.createDirectories(logDir);
        if (controllerPort == 0) {
            controllerPort = freePort();
        }
        Properties props = brokerProperties(controllerPort);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format();
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        ensureTransactionVersion();
        log.info("Embedded Kafka broker listening on {} (data in {})", bootstrapServers(), logDir);
        return this;
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", CONTROLLER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "6");
        // Topics are created deliberately by the application; a typo must not create one.
        p.put("auto.create.topics.enable", "false");
        p.put("log.retention.hours", "-1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        listeners.forEach((name, protocolAndPort) -> {
            String address = name + "://localhost:" + protocolAndPort.getValue();
            p.put("listeners", p.get("listeners") + "," + address);
            p.put("advertised.listeners", p.get("advertised.listeners") + "," + address);
            p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + "," + name + ":" + protocolAndPort.getKey());
        });
        p.putAll(settings);
        return p;
    }

    private void format() throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setFeatureLevel(TransactionVersion.FEATURE_NAME, TRANSACTION_VERSION.featureLevel())
                .run();
    }

    /** A data dir formatted before transactions were pinned to {@link #TRANSACTION_VERSION} is brought down to it. */
    private void ensureTransactionVersion() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            FinalizedVersionRange finalized = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                    .finalizedFeatures().get(TransactionVersion.FEATURE_NAME);
            short wanted = TRANSACTION_VERSION.featureLevel();
            if (finalized != null && finalized.maxVersionLevel() > wanted) {
                admin.updateFeatures(Map.of(TransactionVersion.FEATURE_NAME, new FeatureUpdate(wanted, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                        new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
                log.info("Embedded Kafka broker: {} set from {} to {}", TransactionVersion.FEATURE_NAME, finalized.maxVersionLevel(), wanted);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Embedded Kafka broker stopped");
        }
    }

    /**
     * A port free now and not handed out before by this JVM. A port chosen but not yet bound (a stack's REST port,
     * chosen before its broker picks a controller port) is free to the system, which may offer it again: the bench's
     * warm-up stack once failed on exactly that.
     */
    public static int freePort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                s.setReuseAddress(true);
                if (HANDED_OUT.add(s.getLocalPort()) || attempt >= 50) {
                    return s.getLocalPort();
                }
            }
        }
    }
}
