package com.devsecopsmetrics.ledger;

import org.apache.kafka.common.serialization.Serdes;

import java.util.function.Function;

/**
 * A serde over a value's binary form, written and read whole by the static methods that queries and snapshots call
 * as well; a null stays null, as Kafka passes a deleted row.
 */
abstract class BinaryFormSerde<T> extends Serdes.WrapperSerde<T> {
    BinaryFormSerde(Function<T, byte[]> write, Function<byte[], T> read) {
        super((topic, value) -> value == null ? null : write.apply(value), (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }
}
