package com.devsecopsmetrics.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * What the pipeline wrote to the broker per input event, by topic: the broker's share of the cost. End offsets
 * include the transaction markers of each commit, so small topics read slightly high; the bytes are the log dirs'
 * (compacted topics as far as the log cleaner has got).
 */
final class BrokerWrites {
    private BrokerWrites() {
    }

    static void print(Admin admin, long events, PrintStream out) throws ExecutionException, InterruptedException {
        Set<String> topics = admin.listTopics().names().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<String, Long> byTopic = new TreeMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> byTopic.merge(tp.topic(), info.offset(), Long::sum));
        long total = byTopic.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> bytesByTopic = new HashMap<>();
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
                dir.replicaInfos().forEach((tp, replica) -> bytesByTopic.merge(tp.topic(), replica.size(), Long::sum))));
        out.printf("broker offsets written: %,d in all, %.2f per input event; %,.1f MB in the log dirs%n", total, (double) total / events,
                bytesByTopic.values().stream().mapToLong(Long::longValue).sum() / 1e6);
        byTopic.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf("  %-70s %,12d  %.3f per event  %,9.1f MB%n", e.getKey(), e.getValue(), (double) e.getValue() / events,
                        bytesByTopic.getOrDefault(e.getKey(), 0L) / 1e6));
    }
}
