package com.devsecopsmetrics.ledger;

import org.apache.kafka.streams.processor.TaskId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which findings' timelines the ledger changed, per task and service, for the alert reporter of the same task: it
 * keeps tier-1 services' timelines decoded and, told which ones changed, reads just those again instead of all of
 * the service's. One instance per built topology; a task's records live only in memory, from the ledger's init on.
 */
public final class TimelineChanges {
    private final Map<TaskId, Map<String, Set<String>>> byTask = new ConcurrentHashMap<>();

    void changed(TaskId task, String service, String findingId) {
        byTask.computeIfAbsent(task, t -> new HashMap<>()).computeIfAbsent(service, s -> new HashSet<>()).add(findingId);
    }

    /** The ledger starts (again): it records every change from now on. */
    void start(TaskId task) {
        byTask.put(task, new HashMap<>());
    }

    /** Whether the task's ledger records its changes (it has started), so that none recorded means none made. */
    public boolean records(TaskId task) {
        return byTask.containsKey(task);
    }

    /** The findings of the service whose timelines changed since the last take or clear, and forgets them. */
    public Set<String> take(TaskId task, String service) {
        Map<String, Set<String>> services = byTask.get(task);
        Set<String> changed = services == null ? null : services.remove(service);
        return changed == null ? Set.of() : changed;
    }

    /** Forgets the changes of the services the reporter keeps nothing of, so that only theirs are kept. */
    public void retainOnly(TaskId task, Set<String> services) {
        Map<String, Set<String>> recorded = byTask.get(task);
        if (recorded != null) {
            recorded.keySet().retainAll(services);
        }
    }
}
