package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventProducer;
import com.devsecopsmetrics.ingest.JsonlLoader;
import com.devsecopsmetrics.ingest.JsonlPipeline;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

@Command(name = "load", description = {"Backfill JSON Lines into the input topics as Avro: plain events of the --topic kind, or the"
        + " {\"kind\", \"value\"} lines `dsm convert` prints (each to its kind's topic).",
        "Example: dsm convert --from sarif scan.sarif | dsm load -"})
final class LoadCommand implements Callable<Integer> {
    static final int NOTHING_SENT = 1;
    static final int BROKER_UNREACHABLE = 2;

    @Option(names = "--topic", description = "Kind of the plain events (or its topic): one of services, commits, deployments, incidents,"
            + " scan-results, findings. Not needed for {\"kind\", \"value\"} lines; given with them, a line of another kind is rejected.")
    String topic;

    @Parameters(arity = "1..*", paramLabel = "FILE.jsonl|DIR", description = {"JSON Lines files, one event per line; - reads standard input."
            + " A file named after a kind (commits.jsonl) holds plain events of that kind without --topic; a directory loads each KIND.jsonl"
            + " in it, services first, as dsm generate --out writes them: dsm load DIR takes a whole organisation in one run."})
    List<Path> files;

    @Option(names = "--bootstrap-server", description = "Kafka bootstrap servers (default: localhost:9092 or DSM_BOOTSTRAP_SERVERS).")
    String bootstrapServer;

    @Mixin
    ConfigOptions options;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        EventKind kind = null;
        if (topic != null) {
            kind = EventKind.parse(topic).orElse(null);
            if (kind == null) {
                System.err.println("error: unknown kind '" + topic + "'; expected one of " + EventKind.names());
                return NOTHING_SENT;
            }
        }
        List<LoadSources.Source> sources;
        try {
            sources = LoadSources.expand(files);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return NOTHING_SENT;
        }
        DsmConfig cfg = options.load(bootstrapServer != null ? Map.of(DsmConfig.BOOTSTRAP_SERVERS, bootstrapServer) : Map.of());
        String bootstrap = cfg.get(DsmConfig.BOOTSTRAP_SERVERS);
        List<EventKind> kinds = kind != null ? List.of(kind) : List.of(EventKind.values());
        Set<EventKind> unavailable = EnumSet.noneOf(EventKind.class);
        try {
            List<String> refused = ensureTopics(cfg, kinds.stream().map(EventKind::topic).toList());
            kinds.stream().filter(k -> refused.contains(k.topic())).forEach(unavailable::add);
        } catch (Exception e) {
            System.err.println("error: cannot reach Kafka at " + bootstrap + " (" + rootMessage(e) + "); is the broker running (bin/dsm up)?");
            return BROKER_UNREACHABLE;
        }
        if (kind != null && unavailable.contains(kind)) {
            // Least-privilege ACLs: the loader may write the inputs but not create them, and this one is not there.
            System.err.println("error: topic " + kind.topic() + " does not exist (or is not visible to this principal) and this principal"
                    + " may not create it; ask an operator to create it and grant WRITE on it (README \"Kafka security\")");
            return NOTHING_SENT;
        }
        return load(sources, kind, cfg, unavailable);
    }

    private int load(List<LoadSources.Source> sources, EventKind topicKind, DsmConfig cfg, Set<EventKind> unavailable) {
        long totalSent = 0;
        long totalRejected = 0;
        try (EventProducer producer = new EventProducer(cfg)) {
            for (LoadSources.Source file : sources) {
                LoadLines parser = parserFor(file, topicKind, cfg, unavailable);
                long started = System.nanoTime();
                long before = producer.acknowledged();
                Set<EventKind> seen = EnumSet.noneOf(EventKind.class);
                // Parsing, the contract check and Avro encoding run on the pipeline's workers; sending stays here, in file order.
                Function<String, EventProducer.Encoded> work = line -> {
                    JsonlLoader.Parsed parsed = parser.parse(line);
                    return producer.encode(parsed.kind(), parsed.event());
                };
                Consumer<EventProducer.Encoded> sink = record -> {
                    seen.add(record.kind());
                    producer.send(record);
                };
                JsonlLoader.Result result;
                try {
                    result = read(file, work, sink);
                } catch (IOException e) {
                    System.err.println(file.displayName() + ": cannot read: " + rootMessage(e));
                    continue;
                }
                producer.flush();
                long sent = producer.acknowledged() - before;
                totalSent += sent;
                totalRejected += result.rejected();
                String topics = seen.stream().map(EventKind::topic).collect(Collectors.joining(", "));
                out.printf("%s: %d sent, %d rejected (%s %s) in %.1f s%n", file.displayName(), sent, result.rejected(),
                        seen.size() == 1 ? "topic" : "topics", seen.isEmpty() ? "none" : topics, (System.nanoTime() - started) / 1e9);
                result.rejections().forEach(r -> out.println("  " + r));
                if (result.unlisted() > 0) {
                    out.printf("  ... and %d more rejected lines, not listed (the first %d are)%n", result.unlisted(), JsonlLoader.MAX_LISTED);
                }
                if (sent < result.valid()) {
                    System.err.printf("%s: %d valid records were not acknowledged by Kafka: %s%n", file.displayName(), result.valid() - sent,
                            rootMessage(producer.firstError()));
                }
            }
        }
        out.printf("total: %d sent, %d rejected%n", totalSent, totalRejected);
        return totalSent > 0 ? 0 : NOTHING_SENT;
    }

    /** --topic names the kind of every plain line; without it, the file's name may (commits.jsonl). */
    private static LoadLines parserFor(LoadSources.Source file, EventKind topicKind, DsmConfig cfg, Set<EventKind> unavailable) {
        if (topicKind == null && file.namedKind() != null) {
            return new LoadLines(file.namedKind(), "the file name " + file.path().getFileName(), cfg.contractRules(), unavailable);
        }
        return new LoadLines(topicKind, cfg.contractRules(), unavailable);
    }

    private static JsonlLoader.Result read(LoadSources.Source file, Function<String, EventProducer.Encoded> work,
                                           Consumer<EventProducer.Encoded> sink) throws IOException {
        JsonlPipeline.Settings settings = JsonlPipeline.Settings.forThisMachine();
        if (file.isStdin()) {
            return JsonlPipeline.read(System.in, work, sink, settings);
        }
        try (InputStream in = Files.newInputStream(file.path())) {
            return JsonlPipeline.read(in, work, sink, settings);
        }
    }

    /**
     * Creates the topics loaded into if they are missing (the application creates the others when it starts); returns
     * those this principal may not create (see Topics.ensure). Only these: a least-privilege loader may see no other.
     */
    static List<String> ensureTopics(DsmConfig cfg, List<String> topics) throws Exception {
        var props = cfg.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return Topics.ensure(admin, topics, cfg.getInt(DsmConfig.TOPIC_PARTITIONS),
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
