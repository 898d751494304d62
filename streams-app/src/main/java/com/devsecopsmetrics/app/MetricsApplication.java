package com.devsecopsmetrics.app;

import com.devsecopsmetrics.admission.AdmittedInputs;
import com.devsecopsmetrics.alerts.AlertTopology;
import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.config.AlertSettings;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.http.RestServer;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.ledger.LedgerTopology;
import com.devsecopsmetrics.serde.AvroClassTrust;
import com.devsecopsmetrics.serde.AvroDecodingLimits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/** The Kafka Streams application and its REST server, started and stopped together. */
public final class MetricsApplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsApplication.class);

    /** The exit code of a process whose Kafka Streams stopped on an unrecoverable error (EX_SOFTWARE). */
    public static final int EXIT_STREAMS_FAILED = 70;

    private final DsmConfig config;
    private KafkaStreams streams;
    private RestServer rest;
    private Runnable onUnrecoverable = () -> { };

    public MetricsApplication(DsmConfig config) {
        this.config = config;
    }

    public static Topology buildTopology(DsmConfig config, EventSerdes serdes, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        var admission = new AdmittedInputs.Settings(config.contractRules(), Duration.ofDays(config.getInt(DsmConfig.RETENTION_DAYS)),
                config.getInt(DsmConfig.TOPIC_PARTITIONS));
        var catalogueChanges = CatalogueTopology.buildTopology(builder, serdes, admission);
        var timelineChanges = LedgerTopology.buildTopology(builder, serdes, catalogueChanges, new LedgerTopology.Settings(
                admission, config.requiredEvidence(),
                Duration.ofMillis(config.getInt(DsmConfig.ROLLUP_INTERVAL_MS)),
                Duration.ofMillis(config.getInt(DsmConfig.SNAPSHOT_INTERVAL_MS)),
                config.riskWeights(), config.getInt(DsmConfig.LOOKBACK_DAYS), config.slaDays()));
        AlertTopology.buildTopology(builder, serdes, catalogueChanges, AlertSettings.from(config), timelineChanges);
        return builder.build(streamsProperties);
    }

    /**
     * What to do once Kafka Streams has stopped on an unrecoverable error (state ERROR), on a thread of its own. The
     * command line exits with {@link #EXIT_STREAMS_FAILED} so that a supervisor restarts the process; an embedding
     * test only looks.
     */
    public MetricsApplication onUnrecoverable(Runnable action) {
        this.onUnrecoverable = action;
        return this;
    }

    /** For the command line: exit non-zero, which runs the shutdown hooks that close the application. */
    public static Runnable exitProcess() {
        return () -> System.exit(EXIT_STREAMS_FAILED);
    }

    public MetricsApplication start() throws Exception {
        AvroDecodingLimits.install();
        AvroClassTrust.install();
        DsmConfig effective;
        try (Admin admin = Admin.create(config.clientProperties())) {
            var refused = Topics.ensure(admin, config.getInt(DsmConfig.TOPIC_PARTITIONS),
                    (short) config.getInt(DsmConfig.TOPIC_REPLICATION_FACTOR));
            if (!refused.isEmpty()) {
                log.warn("not authorized to create the topics {}: they must exist already (see README \"Kafka security\")", refused);
            }
            // Topics that existed before keep their partition count; the alert evaluator waits for every partition.
            effective = config.with(DsmConfig.TOPIC_PARTITIONS, String.valueOf(Topics.maxPartitions(admin, Topics.INPUTS)));
        }
        RegistryHygiene.setCompatibility(effective);
        Properties props = StreamsSettings.streamsProperties(effective);
        Topology topology = buildTopology(effective, EventSerdes.from(effective), props);
        log.debug("Topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            // A stream thread died: a defect, a registry that cannot be reached, or a broker that refuses what we write.
            // Another thread would meet the same record; stop, let the supervisor restart us (the record is set aside then).
            log.error("a Kafka Streams thread stopped on an unrecoverable error; the application stops", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                Thread exit = new Thread(onUnrecoverable, "dsm-unrecoverable");
                exit.setDaemon(false);
                exit.start();
            }
        });
        try {
            streams.start();
            rest = new RestServer(streams, effective).start(); // with the partition count the topics really have
        } catch (Exception | Error e) {
            close(); // the caller gets no application to close: stop the stream threads started here
            throw e;
        }
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int restPort() {
        return rest.port();
    }

    @Override
    public void close() {
        if (rest != null) {
            rest.close();
            rest = null;
        }
        if (streams != null) {
            // A dynamic member leaves the group, so a restart does not wait for the session timeout. A static member
            // (group.instance.id, as the Kubernetes manifests set from the pod name) stays: restarted within
            // session.timeout.ms it takes its partitions back without a rebalance, and meanwhile standbys answer queries.
            var membership = config.asMap().containsKey("group.instance.id")
                    ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
            streams.close(CloseOptions.groupMembershipOperation(membership).withTimeout(Duration.ofSeconds(30)));
            streams = null;
        }
    }
}
