package com.devsecopsmetrics.ledger;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key-value store that keeps the rows its task changes as objects and writes each to the store beneath once
 * per commit. Kafka's record cache does the same with bytes, so a row that many events change (a service-day)
 * is decoded, encoded and found in a sorted byte map on every change; that was a fifth of the stream threads.
 *
 * <p>Kafka Streams calls {@link #flushCache()} inside every commit, before the changelog producer is flushed
 * and the transaction committed, as it does for its own caching stores; so the rows reach the changelog in the
 * same transaction as the input offsets of the events that changed them, and exactly-once holds. That hook is
 * the {@code CachedStateStore} interface of Kafka's internals: this class is the one place that depends on it.
 *
 * <p>Reads from the task see its own unwritten rows. Ranges write the rows first and then read the store, so
 * they see them too. Reads from any other thread (interactive queries, through either API) go to the store
 * beneath and see what was written: they never touch the rows kept here, which only the task's thread uses.
 * A row got from this store is the stored object itself: change it only to put it back.
 */
public final class WriteBackStore<V> extends ForwardingStateStore<KeyValueStore<String, V>>
        implements KeyValueStore<String, V>, CachedStateStore<String, V> {
    /**
     * The thread of this store's task, known from its writes. Any other thread reading it (an interactive query)
     * sees a different value, stale or not, so a plain field is enough.
     */
    private Thread owner;
    /** Marks a deletion among the changed rows. */
    private static final Object DELETED = new Object();
    /**
     * Marks, among the written rows, a key the store beneath does not hold: reading it again needs no lookup, and
     * deleting it again needs no tombstone (a roll-up's pending row often comes and goes within one commit).
     */
    private static final Object ABSENT = new Object();
    /** Rows changed since the last write to the store beneath, or {@link #DELETED}. */
    private final Map<String, Object> changed = new HashMap<>();
    /** Rows as the store beneath holds them (or {@link #ABSENT}), kept decoded, the least recently used dropped first. */
    private final Map<String, Object> clean;

    private WriteBackStore(KeyValueStore<String, V> inner, int cleanRows) {
        super(inner);
        this.clean = new LinkedHashMap<>(cleanRows, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > cleanRows;
            }
        };
    }

    /**
     * Wraps a store builder, whose record cache is turned off: this store replaces it.
     *
     * @param cleanRows how many rows already written to keep decoded, for the task's next reads
     */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(StoreBuilder<KeyValueStore<String, V>> inner, int cleanRows) {
        return new Builder<>(inner.withCachingDisabled(), cleanRows);
    }

    private boolean calledByOwner() {
        return Thread.currentThread() == owner;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(String key) {
        if (!calledByOwner()) {
            return inner.get(key);
        }
        Object row = changed.get(key);
        if (row == null) {
            row = clean.get(key);
            if (row == null) {
                V stored = inner.get(key);
                clean.put(key, stored == null ? ABSENT : stored);
                return stored;
            }
        }
        return row == DELETED || row == ABSENT ? null : (V) row;
    }

    @Override
    public void put(String key, V value) {
        owner = Thread.currentThread();
        if (value == null) {
            delete(key);
        } else {
            changed.put(key, value); // the clean entry stays: it still says what the store beneath holds
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public V delete(String key) {
        owner = Thread.currentThread();
        V current = get(key);
        if (clean.get(key) == ABSENT) {
            changed.remove(key);
        } else {
            changed.put(key, DELETED);
        }
        return current;
    }

    /** Writes the changed rows in one batch: one RocksDB write and one latency measurement instead of one per row. */
    @Override
    @SuppressWarnings("unchecked")
    public void flushCache() {
        if (changed.isEmpty()) {
            return;
        }
        List<KeyValue<String, V>> rows = new java.util.ArrayList<>(changed.size());
        changed.forEach((key, row) -> {
            boolean deleted = row == DELETED;
            rows.add(KeyValue.pair(key, deleted ? null : (V) row)); // a null value is a deletion, in the batch and in the changelog
            clean.put(key, deleted ? ABSENT : row);
        });
        changed.clear();
        inner.putAll(rows);
    }

    @Override
    public void clearCache() {
        changed.clear();
        clean.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        writeIfOwner();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        writeIfOwner();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        writeIfOwner();
        return inner.all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        writeIfOwner();
        return inner.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeIfOwner();
        return inner.prefixScan(prefix, prefixKeySerializer);
    }

    /** Before the task iterates, its rows go to the store beneath, which the iterator reads. */
    private void writeIfOwner() {
        if (calledByOwner()) {
            flushCache();
        }
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    /** A read-only view for queries reads the store beneath, as every thread but the task's does. */
    @Override
    public org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, V> readOnly(org.apache.kafka.common.IsolationLevel isolationLevel) {
        return inner.readOnly(isolationLevel);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache(); // a task revived after an aborted transaction starts again from the store
        super.init(context, root);
    }

    @Override
    public void flush() {
        writeIfOwner();
        super.flush();
    }

    @Override
    public void close() {
        clearCache();
        super.close();
    }

    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> inner, int cleanRows) implements StoreBuilder<WriteBackStore<V>> {
        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-back store is its own cache");
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(inner.withLoggingEnabled(config), cleanRows);
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
            return new Builder<>(inner.withLoggingDisabled(), cleanRows);
        }

        @Override
        public WriteBackStore<V> build() {
            return new WriteBackStore<>(inner.build(), cleanRows);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
