package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventProducer;
import com.devsecopsmetrics.ingest.JsonlLoader;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "load", description = "Backfill JSON Lines files of one kind into its topic as Avro.")
final class LoadCommand implements Callable<Integer> {
    static final int NOTHING_SENT = 1;
    static final int BROKER_UNREACHABLE = 2;

    @Option(names = "--topic", required = true, description = "Kind of the events (or its topic): one of services, commits, deployments, incidents, scan-results, findings.")
    String topic;

    @Parameters(arity = "1..*", paramLabel = "FILE.jsonl", description = "JSON Lines files, one event per line.")
    List<Path> files;

    @Option(names = "--bootstrap-server", description = "Kafka bootstrap servers (default: localhost:9092 or DSM_BOOTSTRAP_SERVERS).")
    String bootstrapServer;

    @Option(names = "--config", description = "Properties file with client and schema registry settings.")
    Path config;

    @Option(names = "-D", description = "Override one configuration key, e.g. -D schema.registry.url=http://registry:8081.")
    Map<String, String> overrides = new HashMap<>();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        EventKind kind = EventKind.parse(topic).orElse(null);
        if (kind == null) {
            System.err.println("error: unknown kind '" + topic + "'; expected one of " + EventKind.names());
            return NOTHING_SENT;
        }
        if (bootstrapServer != null) {
            overrides.put(DsmConfig.BOOTSTRAP_SERVERS, bootstrapServer);
        }
        DsmConfig cfg = DsmConfig.load(config, System.getenv(), overrides);
        String bootstrap = cfg.get(DsmConfig.BOOTSTRAP_SERVERS);
        List<String> refused;
        try {
            refused = ensureTopic(cfg, kind.topic());
        } catch (Exception e) {
            System.err.println("error: cannot reach Kafka at " + bootstrap + " (" + rootMessage(e) + "); is the broker running (bin/dsm up)?");
            return BROKER_UNREACHABLE;
        }
        if (refused.contains(kind.topic())) {
            // Least-privilege ACLs: the loader may write the inputs but not create them, and this one is not there.
            System.err.println("error: topic " + kind.topic() + " does not exist (or is not visible to this principal) and this principal"
                    + " may not create it; ask an operator to create it and grant WRITE on it (README \"Kafka security\")");
            return NOTHING_SENT;
        }
        return load(kind, cfg);
    }

    int load(EventKind kind, DsmConfig cfg) {
        long totalSent = 0;
        long totalRejected = 0;
        var rules = cfg.contractRules();
        try (EventProducer producer = new EventProducer(cfg)) {
            for (Path file : files) {
                long before = producer.acknowledged();
                JsonlLoader.Result result;
                try {
                    result = JsonlLoader.read(kind, file, rules, producer::send);
                } catch (IOException e) {
                    System.err.println(file + ": cannot read: " + rootMessage(e));
                    continue;
                }
                producer.flush();
                long sent = producer.acknowledged() - before;
                totalSent += sent;
                totalRejected += result.rejections().size();
                out.printf("%s: %d sent, %d rejected (topic %s)%n", file, sent, result.rejections().size(), kind.topic());
                result.rejections().forEach(r -> out.println("  " + r));
                if (sent < result.valid()) {
                    System.err.printf("%s: %d valid records were not acknowledged by Kafka: %s%n", file, result.valid() - sent,
                            rootMessage(producer.firstError()));
                }
            }
        }
        out.printf("total: %d sent, %d rejected%n", totalSent, totalRejected);
        return totalSent > 0 ? 0 : NOTHING_SENT;
    }

    /**
     * Creates the topic loaded into if it is missing (the application creates the others when it starts); returns it
     * if this principal may not create it (see Topics.ensure). Only this topic: a least-privilege loader sees no other.
     */
    private static List<String> ensureTopic(DsmConfig cfg, String topic) throws Exception {
        var props = cfg.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return Topics.ensure(admin, List.of(topic), cfg.getInt(DsmConfig.TOPIC_PARTITIONS),
                    (short) cfg.getInt(DsmConfig.TOPIC_REPLICATION_FACTOR));
        }
    }

    static String rootMessage(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
