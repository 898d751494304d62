package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.broker.EmbeddedKafka;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standby takes over: a second instance starts beside the running one (both with {@code num.standby.replicas=1}),
 * is given a standby copy of every stateful task and catches up from the changelogs; then the first instance stops,
 * leaving the group as an orderly shutdown does, and the clock runs until the second answers every query as the first
 * did. Two figures: how long the standby copies took to build, and how long the answers were missing.
 */
final class StandbyTakeover {
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(30);

    private StandbyTakeover() {
    }

    /** {@code paths} are the queries compared, from {@code /api/...} on, answered by the first instance before. */
    static void measure(EmbeddedStack stack, Path stateDir, List<String> paths, PrintStream out) throws Exception {
        Answers first = new Answers("http://localhost:" + stack.app().restPort());
        List<String> before = new ArrayList<>();
        for (String path : paths) {
            before.add(first.require(path));
        }
        int port = EmbeddedKafka.freePort();
        Answers second = new Answers("http://localhost:" + port);
        long started = System.nanoTime();
        try (MetricsApplication standby = stack.startInstance(stateDir, port)) {
            awaitStandbysCaughtUp(standby.streams(), started);
            out.printf("standby: a second instance started; its standby copies of every store caught up after %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
            long stopped = System.nanoTime();
            stack.stopApplication();
            for (int i = 0; i < paths.size(); i++) {
                second.awaitEqual(paths.get(i), before.get(i), stopped + TIMEOUT_NANOS);
            }
            out.printf("standby takeover: the first instance stopped; the second answered every query equal after %.1f s%n",
                    (System.nanoTime() - stopped) / 1e9);
        }
    }

    /**
     * Standby tasks assigned, the instance running, and every store partition of it within one offset of its
     * changelog's end: under exactly-once the last offset is a transaction's commit marker, which is never read as a
     * record, so a caught-up copy stays one behind.
     */
    private static void awaitStandbysCaughtUp(KafkaStreams streams, long started) throws Exception {
        while (true) {
            if (System.nanoTime() - started > TIMEOUT_NANOS) {
                throw new IOException("the standby instance did not catch up within 30 minutes");
            }
            boolean standbys = streams.metadataForLocalThreads().stream().mapToInt(t -> t.standbyTasks().size()).sum() > 0;
            if (standbys && streams.state() == KafkaStreams.State.RUNNING && caughtUp(streams.allLocalStorePartitionLags())) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static boolean caughtUp(Map<String, Map<Integer, LagInfo>> lags) {
        return lags.values().stream().flatMap(byPartition -> byPartition.values().stream()).allMatch(lag -> lag.offsetLag() <= 1);
    }
}
