package com.devsecopsmetrics.query;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Partitions read side by side: every partition once, the same answers as one after another, and never stuck behind a busy pool. */
class PartitionReadersTest {
    private static final Duration NO_DEADLOCK = Duration.ofSeconds(30);

    @Test
    void readsEveryPartitionOnceInPartitionOrder() {
        try (PartitionReaders readers = new PartitionReaders(2)) {
            List<Integer> partitions = IntStream.range(0, 12).boxed().toList();
            Map<Integer, Integer> calls = new ConcurrentHashMap<>();
            Map<Integer, String> answers = readers.read(partitions, p -> {
                calls.merge(p, 1, Integer::sum);
                return "share of " + p;
            });
            assertThat(answers.keySet()).containsExactlyElementsOf(partitions);
            assertThat(answers).allSatisfy((p, answer) -> assertThat(answer).isEqualTo("share of " + p));
            assertThat(calls.values()).containsOnly(1);
        }
    }

    @Test
    void readsTwoPartitionsAtOnce() {
        // Each read waits until the other has started: only two threads reading at the same time get past the barrier.
        CyclicBarrier bothStarted = new CyclicBarrier(2);
        try (PartitionReaders readers = new PartitionReaders(1)) {
            Map<Integer, String> answers = assertTimeoutPreemptively(NO_DEADLOCK, () -> readers.read(List.of(0, 1), p -> {
                try {
                    bothStarted.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("partition " + p + " was read alone", e);
                }
                return Thread.currentThread().getName();
            }));
            assertThat(Set.copyOf(answers.values())).hasSize(2);
        }
    }

    @Test
    void waitsForTheHelpersStillReading() {
        // The helpers' partitions take longer than the asking thread's: the answer must still hold every partition.
        String asking = Thread.currentThread().getName();
        try (PartitionReaders readers = new PartitionReaders(2)) {
            Map<Integer, Integer> answers = readers.read(List.of(0, 1, 2, 3, 4, 5), p -> {
                if (!Thread.currentThread().getName().equals(asking)) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return p;
            });
            assertThat(answers.keySet()).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void leavesOutAPartitionThatCannotBeReadNow() {
        try (PartitionReaders readers = new PartitionReaders(2)) {
            Map<Integer, Integer> answers = readers.read(List.of(0, 1, 2, 3), p -> {
                if (p == 2) {
                    throw new InvalidStateStoreException("partition 2 is restoring");
                }
                return p * 10;
            });
            assertThat(answers).containsExactly(Map.entry(0, 0), Map.entry(1, 10), Map.entry(3, 30));
        }
    }

    @Test
    void anyOtherFailureReachesTheCaller() {
        try (PartitionReaders readers = new PartitionReaders(2)) {
            assertThatThrownBy(() -> readers.read(List.of(0, 1, 2, 3), p -> {
                if (p == 3) {
                    throw new IllegalArgumentException("broken row in partition 3");
                }
                return p;
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("broken row in partition 3");
        }
    }

    @Test
    void aBusyPoolLeavesTheWorkToTheAskingThread() throws Exception {
        try (PartitionReaders readers = new PartitionReaders(1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch poolBusy = new CountDownLatch(1);
            // Another request holds the pool's only thread until released: its own thread takes one partition and
            // waits there until the pool's thread has taken the other.
            Thread other = new Thread(() -> readers.read(List.of(0, 1), p -> {
                try {
                    if (Thread.currentThread().getName().startsWith("partition-reader-")) {
                        poolBusy.countDown();
                        release.await();
                    } else {
                        poolBusy.await(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return p;
            }));
            other.start();
            assertThat(poolBusy.await(10, TimeUnit.SECONDS)).isTrue();
            assertTimeoutPreemptively(NO_DEADLOCK, () -> {
                String asking = Thread.currentThread().getName();
                Map<Integer, String> answers = readers.read(List.of(0, 1, 2), p -> Thread.currentThread().getName());
                assertThat(answers).hasSize(3);
                assertThat(answers.values()).containsOnly(asking);
            });
            release.countDown();
            other.join();
        }
    }
}
