package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.serde.KafkaAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends contract events as Avro, keyed by {@code service_id}, and counts what the broker acknowledged. Encoding is
 * separate from sending so that a loader can encode on many threads ({@link #encode} is thread-safe) and send in order.
 */
public final class EventProducer implements AutoCloseable {
    /** An event in its Kafka form: the key and value bytes exactly as the serializers would have written them. */
    public record Encoded(EventKind kind, byte[] key, byte[] value) {
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaAvroSerializer valueSerializer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    public EventProducer(DsmConfig config) {
        Properties p = config.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        // Thread-safe: its schema-id cache and datum writers are concurrent maps, its encoder buffer is per thread.
        this.valueSerializer = new KafkaAvroSerializer();
        valueSerializer.configure(config.asMap(), false);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(EventKind kind, SpecificRecord event) {
        send(encode(kind, event));
    }

    /** The Confluent-format value (registering its schema on first use) and the UTF-8 key; callable from any thread. */
    public Encoded encode(EventKind kind, SpecificRecord event) {
        String key = EventKind.serviceId(event);
        return new Encoded(kind, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                valueSerializer.serialize(kind.topic(), event));
    }

    public void send(Encoded record) {
        producer.send(new ProducerRecord<>(record.kind().topic(), record.key(), record.value()), (md, e) -> {
            if (e == null) {
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e);
            }
        });
    }

    /** Blocks until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        producer.close();
        valueSerializer.close();
    }
}
