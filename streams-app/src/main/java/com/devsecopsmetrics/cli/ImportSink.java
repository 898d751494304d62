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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where {@code dsm import} writes: the {@code {"kind", "value"}} lines {@code dsm convert} prints (and {@code dsm load}
 * reads), appended to a file, or the input topics through the producer {@code dsm load} uses. Either way each event
 * is checked against the contract first, as load, the connectors and the application do.
 */
final class ImportSink implements EventSink, AutoCloseable {
    private final ContractRules rules;
    private final ImportProgress progress;
    private final BufferedWriter file;
    private final EventProducer producer;

    private ImportSink(ContractRules rules, ImportProgress progress, BufferedWriter file, EventProducer producer) {
        this.rules = rules;
        this.progress = progress;
        this.file = file;
        this.producer = producer;
    }

    /** Appends: a resumed run adds the rest after what the interrupted run wrote. */
    static ImportSink toFile(Path out, ContractRules rules, ImportProgress progress) throws IOException {
        return new ImportSink(rules, progress, Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), null);
    }

    static ImportSink toKafka(EventProducer producer, ContractRules rules, ImportProgress progress) {
        return new ImportSink(rules, progress, null, producer);
    }

    @Override
    public int write(List<ContractEvent> events) throws IOException {
        int rejected = 0;
        long before = producer == null ? 0 : producer.acknowledged();
        int sent = 0;
        for (ContractEvent e : events) {
            try {
                rules.check(e.value(), System.currentTimeMillis());
            } catch (ContractViolation v) {
                progress.note("rejected " + e.kind() + " event: " + v.getMessage());
                rejected++;
                continue;
            }
            if (producer != null) {
                producer.send(EventKind.parse(e.kind()).orElseThrow(), e.value());
            } else {
                ObjectNode line = ContractJson.mapper().createObjectNode();
                line.put("kind", e.kind());
                line.set("value", ContractJson.toJsonNode(e.value()));
                file.write(line.toString());
                file.newLine();
            }
            sent++;
        }
        if (producer != null) {
            producer.flush();
            long acknowledged = producer.acknowledged() - before;
            if (acknowledged < sent) {
                // the checkpoint must not move past events Kafka did not take: stop, and a re-run sends this batch again
                throw new IOException((sent - acknowledged) + " of " + sent + " events not acknowledged by Kafka: "
                        + LoadCommand.rootMessage(producer.firstError()));
            }
        } else {
            file.flush();
        }
        return rejected;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
