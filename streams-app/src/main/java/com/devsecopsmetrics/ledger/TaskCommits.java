package com.devsecopsmetrics.ledger;

import org.apache.kafka.streams.processor.TaskId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many commits each task of one topology has made, counted by a store of the task as Kafka Streams writes it
 * at the commit: the one way a processor can tell when its task commits. One instance per built topology, so two
 * applications in one JVM never share counts.
 */
final class TaskCommits {
    private final Map<TaskId, AtomicLong> counts = new ConcurrentHashMap<>();

    void committed(TaskId task) {
        of(task).incrementAndGet();
    }

    /** The count of a task's commits, for its processor to read as often as it likes. */
    AtomicLong of(TaskId task) {
        return counts.computeIfAbsent(task, t -> new AtomicLong());
    }
}
