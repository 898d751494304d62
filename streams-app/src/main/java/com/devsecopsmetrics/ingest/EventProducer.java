package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.serde.KafkaAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Sends contract events as Avro, keyed by {@code service_id}, and counts what the broker acknowledged. */
public final class EventProducer implements AutoCloseable {
    private final KafkaProducer<String, Object> producer;
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
        KafkaAvroSerializer valueSerializer = new KafkaAvroSerializer();
        valueSerializer.configure(config.asMap(), false);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), valueSerializer);
    }

    public void send(EventKind kind, SpecificRecord event) {
        producer.send(new ProducerRecord<>(kind.topic(), EventKind.serviceId(event), event), (md, e) -> {
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
    }
}
