package com.devsecopsmetrics.architecture.tangled.metrics;

import com.devsecopsmetrics.architecture.tangled.ledger.TangledStore;
import org.apache.kafka.common.serialization.Serde;

/** Breaks every layer rule at once (see PackageLayersTest): a metric that knows Kafka and the store above it. */
public final class TangledFigures {
    Serde<String> serde;
    TangledStore store;
}
