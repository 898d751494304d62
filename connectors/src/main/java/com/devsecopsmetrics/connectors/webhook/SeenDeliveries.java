package com.devsecopsmetrics.connectors.webhook;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries accepted within the replay window, each known by its keys (its delivery id, the digest of what was
 * signed). A delivery is "in flight" from its verification until Kafka has acknowledged it, then "accepted" until
 * the window has passed; one that fails is forgotten so that the sender's retry goes through. Memory is bounded:
 * beyond {@code maxEntries} the oldest keys are forgotten first (insertion order is expiry order, since every key
 * lives one window from its last change).
 */
final class SeenDeliveries {
    enum Seen { NEW, IN_FLIGHT, ACCEPTED }

    private record Entry(Seen state, long expiresAtMs) {
    }

    private final long windowMs;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    SeenDeliveries(long windowMs, int maxEntries) {
        this.windowMs = windowMs;
        this.maxEntries = maxEntries;
    }

    /** What is known of a delivery with these keys; a new one is recorded as in flight. */
    synchronized Seen begin(List<String> keys, long nowMs) {
        if (windowMs == 0) {
            return Seen.NEW;
        }
        expire(nowMs);
        Seen seen = Seen.NEW;
        for (String k : keys) {
            Entry e = entries.get(k);
            if (e != null && (e.state() == Seen.ACCEPTED || seen == Seen.NEW)) {
                seen = e.state();
            }
        }
        if (seen == Seen.NEW) {
            keys.forEach(k -> put(k, new Entry(Seen.IN_FLIGHT, nowMs + windowMs)));
        }
        return seen;
    }

    synchronized void accepted(List<String> keys, long nowMs) {
        if (windowMs > 0) {
            keys.forEach(k -> put(k, new Entry(Seen.ACCEPTED, nowMs + windowMs)));
        }
    }

    synchronized void failed(List<String> keys) {
        keys.forEach(k -> entries.computeIfPresent(k, (key, e) -> e.state() == Seen.IN_FLIGHT ? null : e));
    }

    synchronized int size() {
        return entries.size();
    }

    private void put(String key, Entry e) {
        entries.remove(key); // re-inserted at the tail: the order stays the expiry order
        entries.put(key, e);
        while (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void expire(long nowMs) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().expiresAtMs() <= nowMs) {
            it.remove();
        }
    }
}
