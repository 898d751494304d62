package com.devsecopsmetrics.admission;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/** The partition Kafka's Java default partitioner gives a string key: every store of this application is laid out by it. */
public final class KeyPartition {
    private KeyPartition() {
    }

    public static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
