package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;

import java.io.IOException;
import java.util.List;

/** Where imported events go (a JSON Lines file, the input topics). */
public interface EventSink {
    /**
     * Writes {@code events}; returns only when they are durable (flushed to the file, acknowledged by Kafka), as the
     * checkpoint that follows says they were sent. Returns how many were rejected (broke the contract, reported).
     */
    int write(List<ContractEvent> events) throws IOException;
}
