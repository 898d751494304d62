package com.devsecopsmetrics.connectors.webhook;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have been arriving for longer than the deadline. Jetty parses
 * headers without holding a thread, and its idle timeout closes a silent connection, but a client that sends one
 * byte a second is never idle: without this, it would keep its connection (one of {@code listener.max.connections})
 * for as long as the header size limit lets it. One sweep every quarter deadline looks at every open connection,
 * so a connection goes between 1 and 1.25 deadlines after its header began.
 */
final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener {
    /** When the header in progress (the connection's n-th request) was first seen. */
    private record Progress(long requests, long since) {
    }

    private final long deadlineMs;
    private final Scheduler scheduler;
    private final Map<HttpConnection, Progress> open = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    HeaderDeadline(long deadlineMs, Scheduler scheduler) {
        this.deadlineMs = deadlineMs;
        this.scheduler = scheduler;
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task t = next;
        if (t != null) {
            t.cancel();
        }
        open.clear();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) { // under TLS, the decrypted side's connection
            open.put(http, new Progress(http.getMessagesIn(), System.nanoTime()));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = scheduler.schedule(this::sweep, Math.max(25, deadlineMs / 4), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            open.replaceAll((http, seen) -> {
                long requests = http.getMessagesIn();
                if (!readingHeader(http.getParser()) || requests != seen.requests()) {
                    return new Progress(requests, now); // between requests, in a body, or a new header: the clock restarts
                }
                if (now - seen.since() >= TimeUnit.MILLISECONDS.toNanos(deadlineMs)) {
                    http.getEndPoint().close();
                }
                return seen;
            });
        } finally {
            schedule();
        }
    }

    // The parser's state is read from the sweeper's thread without a lock: a stale value only delays a close by one sweep.
    private static boolean readingHeader(HttpParser parser) {
        HttpParser.State state = parser.getState();
        return state.ordinal() > HttpParser.State.START.ordinal() && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }
}
