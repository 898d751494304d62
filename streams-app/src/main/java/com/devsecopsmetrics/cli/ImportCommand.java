package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.history.ApiClient;
import com.devsecopsmetrics.connectors.history.ApiCredential;
import com.devsecopsmetrics.connectors.history.ApiUnavailable;
import com.devsecopsmetrics.connectors.history.Checkpoint;
import com.devsecopsmetrics.connectors.history.HistoryImport;
import com.devsecopsmetrics.connectors.history.HistoryScopes;
import com.devsecopsmetrics.connectors.history.HistorySource;
import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code dsm import}: a tool's history read over its REST API, turned into the webhook payloads the tool would have
 * sent and converted by the connectors' converters, so imported events carry the ids the webhooks will carry.
 */
@Command(name = "import", description = {"Import history (default: the past year) from GitHub, GitLab or PagerDuty as contract events,"
        + " to a JSON Lines file (--out) or straight to the input topics.",
        "Example: GITHUB_TOKEN=... dsm import github --repo acme/payments --since 2025-06-01 --out history.jsonl"})
final class ImportCommand implements Callable<Integer> {
    static final int FAILED = 2;

    @Parameters(index = "0", paramLabel = "TOOL", description = "github, gitlab or pagerduty.")
    String tool;

    @Option(names = "--repo", description = "GitHub repository owner/name (repeatable).")
    List<String> repos = new ArrayList<>();

    @Option(names = "--org", description = "GitHub: every repository of this organisation.")
    String org;

    @Option(names = "--project", description = "GitLab project path group/project (repeatable).")
    List<String> projects = new ArrayList<>();

    @Option(names = "--group", description = "GitLab: every project of this group and its subgroups.")
    String group;

    @Option(names = "--service", description = "PagerDuty service id (repeatable); default: every service.")
    List<String> services = new ArrayList<>();

    @Option(names = "--since", description = "Earliest date (2025-06-01) or instant to import; default: one year ago.")
    String since;

    @Option(names = "--base-url", description = "API root: https://HOST/api/v3 (GitHub Enterprise Server), https://HOST/api/v4"
            + " (self-managed GitLab). Default: api.github.com, gitlab.com/api/v4, api.pagerduty.com.")
    URI baseUrl;

    @Option(names = "--token-env", description = "Environment variable holding the API token (default GITHUB_TOKEN, GITLAB_TOKEN,"
            + " PAGERDUTY_TOKEN). The token itself is never an argument, so it never shows in the process list.")
    String tokenEnv;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Append the events as the lines `dsm load` reads; default: send"
            + " them to Kafka.")
    Path out;

    @Option(names = "--checkpoint", description = "Resume file; default: FILE.jsonl.checkpoint, or dsm-import-TOOL.checkpoint.json.")
    Path checkpoint;

    @Option(names = "--mapping", description = "Properties file with the connectors' mapping keys (the webhook connector's own"
            + " configuration file will do: other keys are ignored).")
    Path mappingFile;

    @Option(names = "-D", description = "A mapping key, as for convert, e.g. -D github.deployment.workflows=deploy.")
    Map<String, String> mapping = new HashMap<>();

    @Option(names = "--batch", description = "Events written (and acknowledged) between checkpoints; default 500.")
    int batch = 500;

    @Option(names = "--bootstrap-server", description = "Kafka bootstrap servers (default: localhost:9092 or DSM_BOOTSTRAP_SERVERS).")
    String bootstrapServer;

    @Option(names = "--config", description = "Properties file with client and schema registry settings.")
    Path config;

    @Override
    public Integer call() throws Exception {
        HistorySource source = HistorySource.parse(tool).orElse(null);
        if (source == null) {
            System.err.println("error: unknown tool '" + tool + "'; expected github, gitlab or pagerduty");
            return FAILED;
        }
        Instant from;
        MappingConfig mappingConfig;
        try {
            from = start();
            mappingConfig = MappingConfig.from(mappingKeys());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            return FAILED;
        }
        String variable = tokenEnv != null ? tokenEnv : source.tokenVariable();
        String token = System.getenv(variable) == null ? "" : System.getenv(variable).strip(); // a file read into it ends with a newline
        if (token.isEmpty() && source == HistorySource.PAGERDUTY) {
            System.err.println("error: no token: set the environment variable " + variable + " (or name another with --token-env)");
            return FAILED;
        } else if (token.isEmpty()) {
            System.err.println("note: " + variable + " is not set: anonymous requests (public repositories only, low rate limit)");
        }
        ProgressLine progress = new ProgressLine(System.err, System.console() != null);
        ApiClient client = ApiClient.of(baseUrl != null ? baseUrl : source.defaultBase(),
                token.isEmpty() ? ApiCredential.none() : source.credential(token));
        Path resume = checkpoint != null ? checkpoint
                : out != null ? Path.of(out + ".checkpoint") : Path.of("dsm-import-" + source.id() + ".checkpoint.json");
        Checkpoint cp = Checkpoint.open(resume);
        if (out != null) {
            try (ImportSink sink = ImportSink.toFile(out, ContractRules.defaults(), progress)) {
                return run(source, client, mappingConfig, from, cp, sink, progress);
            }
        }
        DsmConfig cfg = DsmConfig.load(config, System.getenv(), bootstrapServer == null ? Map.of()
                : Map.of(DsmConfig.BOOTSTRAP_SERVERS, bootstrapServer));
        try {
            LoadCommand.ensureTopics(cfg, Arrays.stream(EventKind.values()).map(EventKind::topic).toList());
        } catch (Exception e) {
            System.err.println("error: cannot reach Kafka at " + cfg.get(DsmConfig.BOOTSTRAP_SERVERS) + " (" + LoadCommand.rootMessage(e) + ")");
            return FAILED;
        }
        try (EventProducer producer = new EventProducer(cfg)) {
            return run(source, client, mappingConfig, from, cp, ImportSink.toKafka(producer, cfg.contractRules(), progress), progress);
        }
    }

    private int run(HistorySource source, ApiClient client, MappingConfig mappingConfig, Instant from, Checkpoint cp, ImportSink sink,
                    ProgressLine progress) {
        Converters converters = new Converters(mappingConfig);
        HistoryImport history = new HistoryImport(converters, cp, sink, progress, batch);
        HistoryScopes scopes = new HistoryScopes(source, client, mappingConfig, progress);
        long events = 0;
        try {
            for (HistoryScopes.Scope scope : scopes.of(repos, org, projects, group, services, from)) {
                HistoryImport.Summary s = history.run(scope.name(), HistoryImport.since(scope.payloads().get(), from));
                events += s.events();
                System.out.printf("%s: %d changes, %d events written, %d already sent before, %d not converted (%d rejected)%n",
                        scope.name(), s.payloads(), s.events(), s.resumedPast(), s.unreadable(), s.rejected());
            }
        } catch (ApiUnavailable | IOException e) {
            System.err.println("error: " + e.getMessage() + "; what was written is in the checkpoint: re-run the same command to resume");
            return FAILED;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FAILED;
        }
        System.out.printf("total: %d events written (%d requests, %d retried)%n", events, client.requests(), client.retries());
        return 0;
    }

    private Instant start() {
        if (since == null) {
            return Instant.now().minus(Duration.ofDays(365));
        }
        try {
            return since.length() == 10 ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + since + "' is neither a date (2025-06-01) nor an instant (2025-06-01T00:00:00Z)");
        }
    }

    private Map<String, String> mappingKeys() throws IOException {
        Map<String, String> keys = new HashMap<>();
        if (mappingFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(mappingFile)) {
                p.load(r);
            }
            MappingConfig.DEFAULTS.keySet().stream().filter(p::containsKey).forEach(k -> keys.put(k, p.getProperty(k).trim()));
        }
        keys.putAll(mapping);
        return keys;
    }
}
