package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays the assembled payloads of one scope (a repository, a PagerDuty account) through the connectors' converters
 * in time order, and writes the events in batches, moving the checkpoint after each batch is written.
 *
 * <p>On a re-run the payloads up to the checkpoint are converted again but not written: conversion is deterministic
 * and links pushes to the deployments that ship them, so the events written after the checkpoint are those an
 * uninterrupted run would have written.
 */
public final class HistoryImport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one scope's import did. */
    public record Summary(long payloads, long resumedPast, long events, long rejected, long skipped, long unreadable) {
    }

    private final Converters converters;
    private final Checkpoint checkpoint;
    private final EventSink sink;
    private final ImportProgress progress;
    private final int batchSize;

    public HistoryImport(Converters converters, Checkpoint checkpoint, EventSink sink, ImportProgress progress, int batchSize) {
        this.converters = converters;
        this.checkpoint = checkpoint;
        this.sink = sink;
        this.progress = progress;
        this.batchSize = Math.max(1, batchSize);
    }

    public Summary run(String scope, List<TimedPayload> assembled) throws IOException {
        List<TimedPayload> payloads = new ArrayList<>(assembled);
        payloads.sort(TimedPayload.ORDER);
        Optional<Checkpoint.Cursor> cursor = checkpoint.cursor(scope);
        List<ContractEvent> batch = new ArrayList<>();
        TimedPayload batchEnd = null;
        long resumedPast = 0;
        long events = 0;
        long rejected = 0;
        long skipped = 0;
        long unreadable = 0;
        int done = 0;
        for (TimedPayload p : payloads) {
            done++;
            Conversion c;
            try {
                c = converters.convert(p.source(), MAPPER.writeValueAsBytes(p.body()),
                        SourceContext.receivedAt(p.at()).withEventType(p.eventType()));
            } catch (UnreadablePayload e) {
                unreadable++;
                progress.note(scope + ": " + p.key() + " not converted: " + e.getMessage());
                continue;
            }
            if (cursor.isPresent() && p.notAfter(cursor.get().at(), cursor.get().key())) {
                resumedPast++;
                continue;
            }
            skipped += c.skipped().size();
            batch.addAll(c.events());
            batchEnd = p;
            if (batch.size() >= batchSize) {
                events += batch.size();
                rejected += flush(scope, batch, batchEnd);
                progress.sent(scope, done, payloads.size(), events);
            }
        }
        if (batchEnd != null) {
            events += batch.size();
            rejected += flush(scope, batch, batchEnd);
        }
        progress.sent(scope, done, payloads.size(), events);
        return new Summary(payloads.size(), resumedPast, events - rejected, rejected, skipped, unreadable);
    }

    private int flush(String scope, List<ContractEvent> batch, TimedPayload last) throws IOException {
        int rejected = batch.isEmpty() ? 0 : sink.write(List.copyOf(batch));
        batch.clear();
        // only now: the events up to this payload are durable, so a re-run may start after it
        checkpoint.advance(scope, new Checkpoint.Cursor(last.at(), last.key()));
        return rejected;
    }

    /** The import's earliest time of interest: payloads before {@code since} are dropped before conversion. */
    public static List<TimedPayload> since(List<TimedPayload> payloads, Instant since) {
        return since == null ? payloads : payloads.stream().filter(p -> !p.at().isBefore(since)).toList();
    }
}
