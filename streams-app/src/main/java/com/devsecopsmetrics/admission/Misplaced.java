package com.devsecopsmetrics.admission;

/**
 * An admitted event found on another partition than Kafka's default partitioner gives its key (a producer with
 * another partitioner, such as librdkafka's CRC32 default): it is routed to its own partition through an internal
 * repartition topic before anything is counted. {@code event} is null for a catalogue tombstone.
 */
public record Misplaced(Object event) {
}
