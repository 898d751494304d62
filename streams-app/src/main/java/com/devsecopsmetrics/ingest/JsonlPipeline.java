package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractViolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link JsonlLoader#read(InputStream, JsonlLoader.LineParser, java.util.function.BiConsumer)} on several cores: the
 * calling thread reads chunks of lines, a fixed pool turns each line into what is sent (parse, contract check, encode),
 * and the calling thread hands the results on chunk by chunk in file order, so the records and rejections come out in
 * the order a single thread gives them. At most {@link Settings#chunksInFlight()} chunks are read ahead of the sink:
 * memory is bounded whatever the file's size.
 */
public final class JsonlPipeline {

    /**
     * @param workers         threads doing the per-line work
     * @param chunkLines      lines per unit of work: large enough that handing a chunk over costs little next to its lines
     * @param chunksInFlight  chunks read but not yet handed to the sink (the memory bound)
     */
    public record Settings(int workers, int chunkLines, int chunksInFlight) {
        public Settings {
            if (workers < 1 || chunkLines < 1 || chunksInFlight < 1) {
                throw new IllegalArgumentException("workers, chunkLines and chunksInFlight must be positive");
            }
        }

        /** One worker a core, at least two (the sending thread and the producer's network thread share the rest). */
        public static Settings forThisMachine() {
            int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
            return new Settings(workers, 2_000, 2 * workers);
        }
    }

    private record Chunk(long firstLine, List<String> lines) {
    }

    private record Done<T>(List<T> outputs, List<JsonlLoader.Rejection> rejections, long blankLines) {
    }

    private JsonlPipeline() {
    }

    /**
     * Reads {@code in} to its end without closing it. {@code work} runs on the pool and refuses a line by throwing a
     * {@link ContractViolation}; any other exception stops the load and is thrown here. {@code sink} runs on the caller.
     */
    public static <T> JsonlLoader.Result read(InputStream in, Function<String, T> work, Consumer<T> sink, Settings settings)
            throws IOException {
        BoundedLines lines = new BoundedLines(in, JsonlLoader.MAX_LINE_CHARS);
        ExecutorService pool = Executors.newFixedThreadPool(settings.workers(), task -> {
            Thread t = new Thread(task, "dsm-load-worker");
            t.setDaemon(true); // a failed load must not keep the JVM alive
            return t;
        });
        Deque<Future<Done<T>>> inFlight = new ArrayDeque<>();
        Tally tally = new Tally();
        try {
            long nextLine = 1;
            Chunk chunk;
            while ((chunk = readChunk(lines, nextLine, settings.chunkLines())) != null) {
                nextLine += chunk.lines().size();
                if (inFlight.size() == settings.chunksInFlight()) {
                    tally.handOn(await(inFlight.removeFirst()), sink);
                }
                Chunk submitted = chunk;
                inFlight.addLast(pool.submit(() -> process(submitted, work)));
            }
            while (!inFlight.isEmpty()) {
                tally.handOn(await(inFlight.removeFirst()), sink);
            }
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
        return tally.result();
    }

    private static Chunk readChunk(BoundedLines lines, long firstLine, int size) throws IOException {
        List<String> chunk = new ArrayList<>(size);
        String line;
        while (chunk.size() < size && (line = lines.next()) != null) {
            chunk.add(line);
        }
        return chunk.isEmpty() ? null : new Chunk(firstLine, chunk);
    }

    /** The per-line loop of {@link JsonlLoader}, on one chunk. */
    private static <T> Done<T> process(Chunk chunk, Function<String, T> work) {
        List<T> outputs = new ArrayList<>(chunk.lines().size());
        List<JsonlLoader.Rejection> rejections = new ArrayList<>();
        long blank = 0;
        long lineNo = chunk.firstLine();
        for (String line : chunk.lines()) {
            if (line == BoundedLines.TOO_LONG) {
                rejections.add(JsonlLoader.tooLong(lineNo));
            } else if (line.isBlank()) {
                blank++;
            } else {
                try {
                    outputs.add(work.apply(line));
                } catch (ContractViolation e) {
                    rejections.add(new JsonlLoader.Rejection(lineNo, e.getMessage()));
                }
            }
            lineNo++;
        }
        return new Done<>(outputs, rejections, blank);
    }

    /** What the chunks handed on so far came to: the first {@link JsonlLoader#MAX_LISTED} rejections listed, all counted. */
    private static final class Tally {
        private long valid;
        private long blank;
        private long rejected;
        private final List<JsonlLoader.Rejection> listed = new ArrayList<>();

        <T> void handOn(Done<T> done, Consumer<T> sink) {
            done.outputs().forEach(sink);
            valid += done.outputs().size();
            blank += done.blankLines();
            List<JsonlLoader.Rejection> theirs = done.rejections();
            rejected += theirs.size();
            listed.addAll(theirs.subList(0, Math.min(theirs.size(), Math.max(0, JsonlLoader.MAX_LISTED - listed.size()))));
        }

        JsonlLoader.Result result() {
            return new JsonlLoader.Result(valid, listed, rejected, blank);
        }
    }

    private static <T> Done<T> await(Future<Done<T>> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading");
        } catch (ExecutionException e) {
            // What a single thread would have thrown: an encoding or registry failure, not a rejected line.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
