package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.connectors.history.ImportProgress;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code dsm import}'s progress on standard error: one line rewritten in place on a terminal; on anything else (a
 * CI log, a file) a plain line at most every {@link #PLAIN_EVERY}, so the log is not flooded.
 */
final class ProgressLine implements ImportProgress {
    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    private final PrintStream err;
    private final boolean terminal;
    private Instant lastPlain = Instant.EPOCH;
    private Instant sendStart;
    private boolean lineOpen;

    ProgressLine(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void fetched(String scope, String stream, long objects) {
        show(scope + ": reading " + stream + ": " + objects, false);
    }

    @Override
    public void sent(String scope, long done, long total, long events) {
        Instant now = Instant.now();
        if (sendStart == null || done <= 1) {
            sendStart = now;
        }
        String eta = "";
        long elapsedMs = Duration.between(sendStart, now).toMillis();
        if (done > 0 && done < total && elapsedMs > 0) {
            long remainingSec = elapsedMs * (total - done) / done / 1000;
            eta = String.format(", ETA %d:%02d", remainingSec / 60, remainingSec % 60);
        }
        show(scope + ": " + done + "/" + total + " changes replayed, " + events + " events written" + eta, done == total);
    }

    @Override
    public void note(String message) {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
        err.println(message);
    }

    private void show(String line, boolean last) {
        if (terminal) {
            err.print("\r\033[K" + line);
            lineOpen = true;
            if (last) {
                err.println();
                lineOpen = false;
            }
            return;
        }
        Instant now = Instant.now();
        if (last || Duration.between(lastPlain, now).compareTo(PLAIN_EVERY) >= 0) {
            err.println(line);
            lastPlain = now;
        }
    }
}
