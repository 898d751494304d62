package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.DeadLetters;
import com.devsecopsmetrics.ingest.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/**
 * Kafka Streams settings with safe production defaults: exactly-once v2, explicit internal names, and bad
 * records sent to the dead-letter topic (with the reason in the {@code __streams.errors.*} headers)
 * instead of stopping the application. Anything the user configured wins over these defaults.
 */
public final class StreamsSettings {
    private StreamsSettings() {
    }

    public static Properties streamsProperties(DsmConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DLQ);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Unreadable.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Rejected.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, PoisonRecordGuard.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Unsendable.class.getName());
        // Exactly-once defaults to a 100 ms commit; each commit ends a transaction over every changelog partition.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // A backfill commit can flush many cached rows; do not let the broker abort (and fence) it after 10 s.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        // With 0, a task whose lag for some input was last seen as 0 (loading started after the app did) processes
        // the other inputs without it, and stream time runs months ahead of the data still arriving: every day then
        // completes early and is judged and published again as its late events come in. Waiting briefly for an
        // empty input keeps the inputs in time order; a truly idle input costs this much latency once per lull.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 500L);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // The stores are not transactional (enable.transactional.statestores is off), so they never hold uncommitted
        // bytes; with the limit on, every loop of a stream thread still asks each of its tasks' stores (1.3% of them).
        p.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, -1L);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(DsmConfig.TOPIC_REPLICATION_FACTOR));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Each commit sends every changed row of some 25 changelogs per task: 16 KiB batches meant many small
        // compressed batches (each with its own 64 KiB LZ4 buffer) for the broker to append one by one.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        Properties user = config.clientProperties();
        p.putAll(user);
        if (Boolean.parseBoolean(String.valueOf(p.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)))
                && !user.containsKey(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG)) {
            p.remove(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG); // transactional stores need Kafka's limit
        }
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        return p;
    }
}
