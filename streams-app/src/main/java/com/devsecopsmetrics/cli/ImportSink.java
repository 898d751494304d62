package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.history.EventSink;
import com.devsecopsmetrics.connectors.history.ImportProgress;
import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventProducer;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code dsm import} writes: the {@code {"kind", "value"}} lines {@code dsm convert} prints (and {@code dsm load}
 * reads), appended to a file, or the input topics through the producer {@code dsm load} uses. Either way each event
 * is checked against the contract first, as load, the connectors and the application do.
 */
final class ImportSink implements EventSink, AutoCloseable {
    private final ContractRules rules;
    private final ImportProgress progress;
    private final Target target;

    /** Where the events that pass the contract go; they are durable there when {@link #write} returns. */
    private interface Target extends Closeable {
        void write(List<ContractEvent> accepted) throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    private ImportSink(ContractRules rules, ImportProgress progress, Target target) {
        this.rules = rules;
        this.progress = progress;
        this.target = target;
    }

    /** Appends: a resumed run adds the rest after what the interrupted run wrote. */
    static ImportSink toFile(Path out, ContractRules rules, ImportProgress progress) throws IOException {
        return new ImportSink(rules, progress, new JsonLinesFile(Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)));
    }

    /** The producer stays the caller's to close. */
    static ImportSink toKafka(EventProducer producer, ContractRules rules, ImportProgress progress) {
        return new ImportSink(rules, progress, accepted -> {
            long before = producer.acknowledged();
            accepted.forEach(e -> producer.send(EventKind.parse(e.kind()).orElseThrow(), e.value()));
            producer.flush();
            long acknowledged = producer.acknowledged() - before;
            if (acknowledged < accepted.size()) {
                // the checkpoint must not move past events Kafka did not take: stop, and a re-run sends this batch again
                throw new IOException((accepted.size() - acknowledged) + " of " + accepted.size() + " events not acknowledged by Kafka: "
                        + LoadCommand.rootMessage(producer.firstError()));
            }
        });
    }

    @Override
    public int write(List<ContractEvent> events) throws IOException {
        List<ContractEvent> accepted = new ArrayList<>(events.size());
        for (ContractEvent e : events) {
            try {
                rules.check(e.value(), System.currentTimeMillis());
                accepted.add(e);
            } catch (ContractViolation v) {
                progress.note("rejected " + e.kind() + " event: " + v.getMessage());
            }
        }
        target.write(accepted);
        return events.size() - accepted.size();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }

    /** The {@code {"kind", "value"}} lines of {@code dsm convert}, one event a line. */
    private record JsonLinesFile(BufferedWriter file) implements Target {
        @Override
        public void write(List<ContractEvent> accepted) throws IOException {
            for (ContractEvent e : accepted) {
                ObjectNode line = ContractJson.mapper().createObjectNode();
                line.put("kind", e.kind());
                line.set("value", ContractJson.toJsonNode(e.value()));
                file.write(line.toString());
                file.newLine();
            }
            file.flush();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
