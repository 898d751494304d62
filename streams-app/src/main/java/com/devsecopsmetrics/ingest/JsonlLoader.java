package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import org.apache.avro.specific.SpecificRecord;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads JSON Lines (of one kind, or lines a {@link LineParser} gives their kind), checks each line against the
 * contract and hands every valid event on. An invalid line is recorded with its number and reason and never stops the rest.
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

    /** Far above the longest event the contract's limits allow (about 1,000 ids of 256 characters and a few strings). */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private JsonlLoader() {
    }

    /** The kind and event of one line, or a {@link ContractViolation} saying why the line is refused. */
    @FunctionalInterface
    public interface LineParser {
        Parsed parse(String line);
    }

    public record Parsed(EventKind kind, SpecificRecord event) {
    }

    public static Result read(EventKind kind, Path file, ContractRules rules, BiConsumer<EventKind, SpecificRecord> sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, line -> new Parsed(kind, ContractJson.fromJson(kind, line, rules, System.currentTimeMillis())), sink);
        }
    }

    /** Reads {@code in} to its end, streaming, without closing it (it may be standard input). */
    public static Result read(InputStream in, LineParser parser, BiConsumer<EventKind, SpecificRecord> sink) throws IOException {
        long valid = 0;
        long blank = 0;
        long lineNo = 0;
        List<Rejection> rejections = new ArrayList<>();
        // A malformed byte becomes U+FFFD in its own line instead of failing the whole file.
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        BoundedLines lines = new BoundedLines(reader, MAX_LINE_CHARS);
        String line;
        while ((line = lines.next()) != null) {
            lineNo++;
            if (line == BoundedLines.TOO_LONG) {
                rejections.add(tooLong(lineNo));
                continue;
            }
            if (line.isBlank()) {
                blank++;
                continue;
            }
            try {
                Parsed parsed = parser.parse(line);
                sink.accept(parsed.kind(), parsed.event());
                valid++;
            } catch (ContractViolation e) {
                rejections.add(new Rejection(lineNo, e.getMessage()));
            }
        }
        return new Result(valid, rejections, blank);
    }

    static Rejection tooLong(long lineNo) {
        return new Rejection(lineNo, "line longer than " + MAX_LINE_CHARS + " characters; no event of the contract is that long");
    }
}
