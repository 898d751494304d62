package com.devsecopsmetrics.app;

import com.devsecopsmetrics.ingest.PoisonRecord;
import com.devsecopsmetrics.ingest.PoisonRecords;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Wraps every processor of the topology (Kafka's {@code processor.wrapper.class}) so that a record listed in
 * {@link PoisonRecords} is refused before any processor sees it: the processing exception handler then sends it to
 * the dead-letter topic. Costs one emptiness check per record while the list is empty.
 */
public final class PoisonRecordGuard implements ProcessorWrapper {
    private PoisonRecords poison;

    @Override
    public void configure(Map<String, ?> configs) {
        poison = PoisonRecords.of(configs);
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return ProcessorWrapper.asWrapped(new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new Guarded<KIn, VIn, KOut, VOut>(supplier.get(), null);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        });
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String name, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<KIn, VIn, VOut> get() {
                return new Guarded<KIn, VIn, Void, VOut>(null, supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        });
    }

    /**
     * A processor of either kind with the check in front. Kafka's two processor interfaces differ only in the types of
     * their context and record, so one class implements both and passes each call to the one processor it wraps.
     */
    private final class Guarded<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut>, FixedKeyProcessor<KIn, VIn, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> processor;
        private final FixedKeyProcessor<KIn, VIn, VOut> fixedKeyProcessor;
        private ProcessingContext context;

        /** Exactly one of the two is given. */
        Guarded(Processor<KIn, VIn, KOut, VOut> processor, FixedKeyProcessor<KIn, VIn, VOut> fixedKeyProcessor) {
            this.processor = processor;
            this.fixedKeyProcessor = fixedKeyProcessor;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            this.context = context;
            processor.init(context);
        }

        @Override
        public void init(FixedKeyProcessorContext<KIn, VOut> context) {
            this.context = context;
            fixedKeyProcessor.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            refuseIfPoison(context.recordMetadata());
            processor.process(record);
        }

        @Override
        public void process(FixedKeyRecord<KIn, VIn> record) {
            refuseIfPoison(context.recordMetadata());
            fixedKeyProcessor.process(record);
        }

        @Override
        public void close() {
            if (processor != null) {
                processor.close();
            } else {
                fixedKeyProcessor.close();
            }
        }
    }

    private void refuseIfPoison(Optional<RecordMetadata> metadata) {
        if (poison == null || poison.isEmpty() || metadata.isEmpty()) {
            return;
        }
        RecordMetadata m = metadata.get();
        String reason = poison.reasonFor(m.topic(), m.partition(), m.offset());
        if (reason != null) {
            throw new PoisonRecord("this record stopped the application before (" + reason + "); it is set aside");
        }
    }
}
