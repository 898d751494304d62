package com.devsecopsmetrics.query;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;

import java.util.Map;
import java.util.Set;

/** The answers of this instance's own copies of a store, as a keyed query routed here asks for them. */
final class LocalStoreAnswers {
    private LocalStoreAnswers() {
    }

    /**
     * This instance's answers by partition, from active copies only unless {@code includeStandby}. A partition named
     * must answer here, or a 503 {@link ApiError} saying {@code unavailable}: only a copy that holds the partition may
     * say that a key is not there.
     */
    static <R> Map<Integer, QueryResult<R>> of(KafkaStreams streams, StateQueryRequest<R> request, Integer partition,
                                               boolean includeStandby, String unavailable) {
        if (!includeStandby) {
            request = request.requireActive();
        }
        if (partition != null) {
            request = request.withPartitions(Set.of(partition));
        }
        Map<Integer, QueryResult<R>> results = streams.query(request).getPartitionResults();
        if (partition != null && (results.get(partition) == null || results.get(partition).isFailure())) {
            throw ApiError.unavailable(unavailable);
        }
        return results;
    }
}
