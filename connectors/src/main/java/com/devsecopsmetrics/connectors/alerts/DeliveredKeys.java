package com.devsecopsmetrics.connectors.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotency keys of the state changes a task has delivered, newest last; beyond {@code max} the oldest are
 * forgotten. Slack and Teams keep no keys of their own, so this is what stops a batch that Connect redelivers (after a
 * retriable failure, or a rebalance within this task's life) from posting again what was already posted. In memory:
 * a task that restarts starts empty.
 */
final class DeliveredKeys {
    private final Map<String, Boolean> keys;

    DeliveredKeys(int max) {
        this.keys = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    boolean contains(String key) {
        return keys.containsKey(key);
    }

    void add(String key) {
        keys.put(key, Boolean.TRUE);
    }

    int size() {
        return keys.size();
    }
}
