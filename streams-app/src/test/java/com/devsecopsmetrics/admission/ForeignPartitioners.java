package com.devsecopsmetrics.admission;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/** Partitioners of producers this application does not control, to produce test inputs with. */
final class ForeignPartitioners {
    private ForeignPartitioners() {
    }

    /**
     * librdkafka's default ({@code consistent_random}: CRC32 of the key modulo the partition count), which Confluent's
     * Python, Go, .NET and Node clients use.
     */
    public static final class Crc32 implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            int partitions = cluster.partitionCountForTopic(topic);
            CRC32 crc = new CRC32();
            crc.update(keyBytes);
            return (int) (crc.getValue() % partitions);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    /** Any partition at all. */
    public static final class Random implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            return ThreadLocalRandom.current().nextInt(cluster.partitionCountForTopic(topic));
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
