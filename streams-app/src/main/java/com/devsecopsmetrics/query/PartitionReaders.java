package com.devsecopsmetrics.query;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Reads this instance's partitions of an answer side by side. An org-wide snapshot reads each partition's stores
 * whole, so its time grows with the services; read on as many threads as there are cores, it takes about the time of
 * the largest shares rather than their sum. The asking thread reads partitions too and the helpers only take what it
 * has not taken yet, so a request never waits for a helper that is still queued behind other requests: when the pool
 * is busy or its queue full, the asking thread reads every partition itself, as it did before.
 */
public final class PartitionReaders implements AutoCloseable {
    private static final int QUEUED_HELPERS = 256;
    private final ThreadPoolExecutor pool;
    private final int helpers;

    /** @param threads the pool's threads; each read asks at most this many of them to help */
    public PartitionReaders(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one partition reader thread, not " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        this.helpers = threads;
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_HELPERS), runnable -> {
            Thread thread = new Thread(runnable, "partition-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** One reader thread per core. */
    public static PartitionReaders perCore() {
        return new PartitionReaders(Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code read} of every partition, by partition. A partition whose stores cannot be read now (restoring, being
     * moved: {@link InvalidStateStoreException}) is left out, for another copy to answer; any other failure is thrown.
     */
    public <T> Map<Integer, T> read(List<Integer> partitions, IntFunction<T> read) {
        Map<Integer, T> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        // Counted down as each partition's read ends, however it ends: once every partition is taken, the asking
        // thread waits only for reads that are running, never for a helper still in the queue.
        CountDownLatch done = new CountDownLatch(partitions.size());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < partitions.size(); i = next.getAndIncrement()) {
                int partition = partitions.get(i);
                try {
                    T answer = read.apply(partition);
                    if (answer != null) {
                        answers.put(partition, answer);
                    }
                } catch (InvalidStateStoreException e) {
                    // not queryable here now
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        List<Runnable> asked = new ArrayList<>();
        for (int i = 1; i < Math.min(partitions.size(), helpers + 1); i++) {
            Runnable helper = work::run;
            try {
                pool.execute(helper);
                asked.add(helper);
            } catch (RejectedExecutionException e) {
                break; // the pool is busy: this thread reads the rest
            }
        }
        work.run();
        asked.forEach(pool::remove); // helpers still queued have nothing left to take
        awaitRunning(done);
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException e) {
            throw e;
        } else if (failed instanceof Error e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException(failed);
        }
        return new TreeMap<>(answers);
    }

    private static void awaitRunning(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while partitions were read", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
