package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractViolation;
import org.apache.avro.specific.SpecificRecord;

import java.io.InputStream;
import java.io.IOException;
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

    /**
     * What a read did. {@code rejections} lists the first {@link #MAX_LISTED} rejected lines, in file order, so a file of
     * any size is read in bounded memory; {@code rejected} counts them all.
     */
    public record Result(long valid, List<Rejection> rejections, long rejected, long blankLines) {
        /** How many rejected lines were counted but not listed. */
        public long unlisted() {
            return rejected - rejections.size();
        }
    }

    /** The rejected lines a read keeps to report; the rest are counted. */
    public static final int MAX_LISTED = 1_000;

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

    /**
     * Reads {@code in} to its end, streaming, without closing it (it may be standard input): {@link JsonlPipeline} with
     * one worker, for callers that want one event at a time in file order.
     */
    public static Result read(InputStream in, LineParser parser, BiConsumer<EventKind, SpecificRecord> sink) throws IOException {
        return JsonlPipeline.read(in, parser::parse, parsed -> sink.accept(parsed.kind(), parsed.event()),
                new JsonlPipeline.Settings(1, 2_000, 2));
    }

    static Rejection tooLong(long lineNo) {
        return new Rejection(lineNo, "line longer than " + MAX_LINE_CHARS + " characters; no event of the contract is that long");
    }
}
