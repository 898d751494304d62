package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.ContractJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a synthetic organisation's history as JSON Lines, one file per kind
 * ({@code services.jsonl}, {@code commits.jsonl}, ...), each line a contract event, each file in
 * event-time order: the input {@code dsm load} backfills from.
 */
public final class GenerateToDirectory {

    private GenerateToDirectory() {
    }

    /** @return lines written per kind, in {@link EventKind} order */
    public static Map<String, Long> write(OrganisationSpec spec, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<EventKind, BufferedWriter> writers = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            for (EventKind kind : EventKind.values()) {
                writers.put(kind, Files.newBufferedWriter(directory.resolve(kind.kind() + ".jsonl"), StandardCharsets.UTF_8));
                counts.put(kind.kind(), 0L);
            }
            SyntheticOrganisation.generate(spec, (kind, event) -> {
                try {
                    BufferedWriter writer = writers.get(kind);
                    writer.write(ContractJson.toJson(event));
                    writer.write('\n');
                    counts.merge(kind.kind(), 1L, Long::sum);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            IOException failure = null;
            for (BufferedWriter writer : writers.values()) {
                try {
                    writer.close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return counts;
    }
}
