package com.devsecopsmetrics.ledger;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.ArrayList;
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
    /** A row of the task: its value (null once deleted), whether it is unwritten, and what the store beneath holds. */
    private static final class Row {
        final String key;
        Object value;
        boolean unwritten;
        /** Whether the store beneath holds the key; null when unknown (a row put without being read first). */
        Boolean beneath;

        Row(String key, Object value, Boolean beneath) {
            this.key = key;
            this.value = value;
            this.beneath = beneath;
        }
    }

    /**
     * The task's rows, the least recently used first: every unwritten row, and up to {@code cleanRows} written ones
     * the task may read again. One map, so a read is one lookup and a write changes the row the read found.
     */
    private final LinkedHashMap<String, Row> rows;
    /** The rows changed since the last write to the store beneath, in the order first changed. */
    private final List<Row> unwritten = new ArrayList<>();
    private final int cleanRows;
    /** Told of each commit of this store's task, when the roll-up times itself by them; else null. */
    private final TaskCommits commits;
    private TaskId task;

    private WriteBackStore(KeyValueStore<String, V> inner, int cleanRows, TaskCommits commits) {
        super(inner);
        if (cleanRows < 1) {
            throw new IllegalArgumentException("a write-back store keeps at least one written row, not " + cleanRows);
        }
        this.commits = commits;
        this.cleanRows = cleanRows;
        this.rows = new LinkedHashMap<>(cleanRows * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Row> eldest) {
                return size() - unwritten.size() > cleanRows && !eldest.getValue().unwritten;
            }
        };
    }

    /**
     * Wraps a store builder, whose record cache is turned off: this store replaces it.
     *
     * @param cleanRows how many rows already written to keep decoded, for the task's next reads
     */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(StoreBuilder<KeyValueStore<String, V>> inner, int cleanRows) {
        return new Builder<>(inner.withCachingDisabled(), cleanRows, null);
    }

    /** As {@link #builder(StoreBuilder, int)}, and counts its task's commits in {@code commits}. */
    static <V> StoreBuilder<WriteBackStore<V>> builder(StoreBuilder<KeyValueStore<String, V>> inner, int cleanRows,
                                                       TaskCommits commits) {
        return new Builder<>(inner.withCachingDisabled(), cleanRows, commits);
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
        return (V) row(key).value;
    }

    /** The task's row of a key, read from the store beneath when it has none. */
    private Row row(String key) {
        Row row = rows.get(key);
        if (row == null) {
            V stored = inner.get(key);
            row = new Row(key, stored, stored != null);
            rows.put(key, row);
        }
        return row;
    }

    @Override
    public void put(String key, V value) {
        owner = Thread.currentThread();
        if (value == null) {
            delete(key);
            return;
        }
        Row row = rows.get(key);
        if (row == null) {
            row = new Row(key, value, null); // not read first: whether the store beneath holds it is not known
            markUnwritten(row); // before it is in the map, whose bound never drops an unwritten row
            rows.put(key, row);
        } else {
            row.value = value;
            markUnwritten(row);
        }
    }

    private void markUnwritten(Row row) {
        if (!row.unwritten) {
            row.unwritten = true;
            unwritten.add(row);
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
    @SuppressWarnings("unchecked")
    public V delete(String key) {
        owner = Thread.currentThread();
        Row row = row(key);
        V current = (V) row.value;
        if (row.beneath == null) {
            row.beneath = inner.get(key) != null; // so that a key never written is not deleted from the changelog
        }
        row.value = null;
        markUnwritten(row); // a key the store beneath does not hold is then left alone at the write
        return current;
    }

    /** Kafka Streams' call at each commit of the task. */
    @Override
    public void flushCache() {
        if (commits != null && task != null) {
            commits.committed(task);
        }
        writeUnwritten();
    }

    /** Writes the changed rows in one batch: one RocksDB write and one latency measurement instead of one per row. */
    @SuppressWarnings("unchecked")
    private void writeUnwritten() {
        if (unwritten.isEmpty()) {
            return;
        }
        List<KeyValue<String, V>> batch = new ArrayList<>(unwritten.size());
        List<Boolean> beneathBefore = new ArrayList<>(unwritten.size());
        for (Row row : unwritten) {
            if (row.value != null || !Boolean.FALSE.equals(row.beneath)) {
                batch.add(KeyValue.pair(row.key, (V) row.value)); // a null value is a deletion, in the batch and in the changelog
            }
            beneathBefore.add(row.beneath);
            row.unwritten = false;
            row.beneath = row.value != null;
        }
        try {
            if (!batch.isEmpty()) {
                inner.putAll(batch);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < unwritten.size(); i++) { // the rows stay unwritten, as they were
                unwritten.get(i).unwritten = true;
                unwritten.get(i).beneath = beneathBefore.get(i);
            }
            throw e;
        }
        unwritten.clear();
        // Unwritten rows are never dropped, so the map may have grown past its bound while they were kept.
        for (var it = rows.values().iterator(); rows.size() > cleanRows && it.hasNext(); ) {
            it.next();
            it.remove();
        }
    }

    @Override
    public void clearCache() {
        rows.clear();
        unwritten.clear();
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
            writeUnwritten();
        }
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    /** A read-only view for queries reads the store beneath, as every thread but the task's does. */
    @Override
    public ReadOnlyKeyValueStore<String, V> readOnly(IsolationLevel isolationLevel) {
        return inner.readOnly(isolationLevel);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache(); // a task revived after an aborted transaction starts again from the store
        task = context.taskId();
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

    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> inner, int cleanRows, TaskCommits commits) implements StoreBuilder<WriteBackStore<V>> {
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
            return new Builder<>(inner.withLoggingEnabled(config), cleanRows, commits);
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
            return new Builder<>(inner.withLoggingDisabled(), cleanRows, commits);
        }

        @Override
        public WriteBackStore<V> build() {
            return new WriteBackStore<>(inner.build(), cleanRows, commits);
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
