package com.devsecopsmetrics.ingest;

import org.apache.avro.specific.SpecificRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads a JSON Lines file of one kind, checks each line against the contract and hands every valid event
 * on. An invalid line is recorded with its number and reason and never stops the rest.
 */
public final class JsonlLoader {
    public record Rejection(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    public record Result(long valid, List<Rejection> rejections, long blankLines) {
    }

    private JsonlLoader() {
    }

    public static Result read(EventKind kind, Path file, BiConsumer<EventKind, SpecificRecord> sink) throws IOException {
        long valid = 0;
        long blank = 0;
        long lineNo = 0;
        List<Rejection> rejections = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    blank++;
                    continue;
                }
                try {
                    SpecificRecord event = ContractJson.fromJson(kind, line);
                    sink.accept(kind, event);
                    valid++;
                } catch (ContractViolation e) {
                    rejections.add(new Rejection(lineNo, e.getMessage()));
                }
            }
        }
        return new Result(valid, rejections, blank);
    }
}
