package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.avro.specific.SpecificRecord;

/**
 * Events already decided but not yet handed out, in event-time order. Follow-ups are decided when
 * their cause happens (a finding's fix, an incident's resolution), so they wait here until the
 * simulation has passed their time. Ties are broken by service and by the order the service
 * emitted them, never by anything that depends on how the run was cut into windows.
 */
final class Timeline {

    private record Pending(long at, int service, long order, EventKind kind, SpecificRecord event) {
    }

    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingLong(Pending::at)
                    .thenComparingInt(Pending::service)
                    .thenComparingLong(Pending::order));

    void add(long at, int service, long order, EventKind kind, SpecificRecord event) {
        pending.add(new Pending(at, service, order, kind, event));
    }

    void releaseBefore(long bound, EventSink sink) {
        while (!pending.isEmpty() && pending.peek().at() < bound) {
            Pending next = pending.poll();
            sink.accept(next.kind(), next.event());
        }
    }
}
