package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * DESIGN §2 {@code dsm convert}: the connectors' converters on files. Files are converted in the order given with
 * one converter, so a push file before a deployment file links their commits as the connector would.
 */
@Command(name = "convert", description = "Convert tool payloads (webhook JSON, SARIF) to contract events, printed as JSON lines.")
final class ConvertCommand implements Callable<Integer> {
    static final int SOME_UNREADABLE = 1;

    @Option(names = "--from", required = true, description = "Payload source: github, gitlab, pagerduty or sarif.")
    String from;

    @Option(names = "--event-type", description = "GitHub event type (the X-GitHub-Event header); default: from the payload's fields.")
    String eventType;

    @Option(names = "--service", description = "Service of every event (default: from the repository and service.map).")
    String service;

    @Option(names = "--commit", description = "SARIF: the commit scanned (default: the log's versionControlProvenance).")
    String commit;

    @Option(names = "-D", description = "A mapping key, e.g. -D incident.label=sev1 -D service.map=acme/pay=payments (README \"Connectors\").")
    Map<String, String> mapping = new HashMap<>();

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Payload files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Converters.Source source = Converters.Source.parse(from).orElse(null);
        if (source == null) {
            err.println("error: unknown --from '" + from + "'; expected github, gitlab, pagerduty or sarif");
            return SOME_UNREADABLE;
        }
        Converters converters;
        try {
            converters = new Converters(MappingConfig.from(mapping));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return SOME_UNREADABLE;
        }
        ContractRules rules;
        try {
            String maxFuture = mapping.get(ContractRules.MAX_FUTURE_CONFIG);
            rules = maxFuture == null ? ContractRules.defaults() : new ContractRules(Long.parseLong(maxFuture));
        } catch (IllegalArgumentException e) {
            err.println("error: " + ContractRules.MAX_FUTURE_CONFIG + ": " + e.getMessage());
            return SOME_UNREADABLE;
        }
        int unreadable = 0;
        for (Path file : files) {
            try {
                byte[] body = Files.readAllBytes(file);
                SourceContext ctx = SourceContext.receivedAt(Files.getLastModifiedTime(file).toInstant())
                        .withEventType(eventType).withService(service).withCommit(commit);
                Conversion conversion = converters.convert(source, body, ctx);
                for (ContractEvent e : conversion.events()) {
                    try {
                        rules.check(e.value(), System.currentTimeMillis()); // as load, the connectors and the application do
                    } catch (ContractViolation v) {
                        err.println(file + ": rejected " + e.kind() + " event: " + v.getMessage());
                        unreadable++;
                        continue;
                    }
                    ObjectNode line = ContractJson.mapper().createObjectNode();
                    line.put("kind", e.kind());
                    line.set("value", ContractJson.toJsonNode(e.value()));
                    out.println(line);
                }
                conversion.skipped().forEach(reason -> err.println(file + ": skipped: " + reason));
            } catch (NoSuchFileException e) {
                err.println(file + ": cannot read: no such file");
                unreadable++;
            } catch (AccessDeniedException e) {
                err.println(file + ": cannot read: permission denied");
                unreadable++;
            } catch (IOException e) {
                err.println(file + ": cannot read: " + LoadCommand.rootMessage(e));
                unreadable++;
            } catch (UnreadablePayload e) {
                err.println(file + ": cannot convert: " + e.getMessage());
                unreadable++;
            }
        }
        return unreadable == 0 ? 0 : SOME_UNREADABLE;
    }
}
