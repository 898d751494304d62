package com.devsecopsmetrics.app;

import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Map;
import java.util.Set;

/**
 * A defect on demand, through Kafka's own extension point ({@code processor.wrapper.class}), for the crash-handling
 * test: the ledger throws on every record keyed {@code fault.injection.key}, as a bug would. The product's own
 * {@link PoisonRecordGuard} stays outermost, as it is in production.
 */
public final class FaultInjection implements ProcessorWrapper {
    public static final String KEY_CONFIG = "fault.injection.key";
    private static final String FAULTY_PROCESSOR = "ledger-service-ledger";
    private final PoisonRecordGuard guard = new PoisonRecordGuard();
    private String faultyKey;

    @Override
    public void configure(Map<String, ?> configs) {
        guard.configure(configs);
        faultyKey = String.valueOf(configs.get(KEY_CONFIG));
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        if (!name.equals(FAULTY_PROCESSOR)) {
            return guard.wrapProcessorSupplier(name, supplier);
        }
        return guard.wrapProcessorSupplier(name, new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                Processor<KIn, VIn, KOut, VOut> inner = supplier.get();
                return new Processor<>() {
                    @Override
                    public void init(ProcessorContext<KOut, VOut> context) {
                        inner.init(context);
                    }

                    @Override
                    public void process(Record<KIn, VIn> record) {
                        if (faultyKey.equals(record.key())) {
                            throw new IllegalStateException("injected defect for key " + faultyKey);
                        }
                        inner.process(record);
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
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
        return guard.wrapFixedKeyProcessorSupplier(name, supplier);
    }
}
