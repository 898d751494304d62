package com.devsecopsmetrics.query;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.coverage.LedgerView;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ledger.DayFigures;
import com.devsecopsmetrics.ledger.LedgerKeys;
import com.devsecopsmetrics.ledger.LedgerStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A service's ledger stores read through IQv2 on this instance, targeting the partition that holds the service. */
final class InteractiveLedgerView implements LedgerView {
    private final KafkaStreams streams;
    private final boolean includeStandby;

    InteractiveLedgerView(KafkaStreams streams, boolean includeStandby) {
        this.streams = streams;
        this.includeStandby = includeStandby;
    }

    private int partitionOf(String service) {
        return streams.queryMetadataForKey(LedgerStores.SERVICE_DAYS, service, Serdes.String().serializer()).partition();
    }

    private <R> R single(String store, Query<R> query, String service) {
        StateQueryRequest<R> request = StateQueryRequest.inStore(store).withQuery(query).withPartitions(Set.of(partitionOf(service)));
        if (!includeStandby) {
            request = request.requireActive();
        }
        for (QueryResult<R> r : streams.query(request).getPartitionResults().values()) {
            if (r.isSuccess()) {
                return r.getResult();
            }
        }
        throw ApiError.unavailable("the partition holding " + service + " is not available here");
    }

    @Override
    public Service catalogueEntry(String service) {
        return single(CatalogueTopology.STORE, KeyQuery.<String, Service>withKey(service), service);
    }

    @Override
    public DayFigures days(String service, LocalDate from, LocalDate toInclusive) {
        DayFigures sum = new DayFigures();
        try (KeyValueIterator<String, DayFigures> it = single(LedgerStores.SERVICE_DAYS,
                RangeQuery.<String, DayFigures>withRange(LedgerKeys.of(service, from.toString()), LedgerKeys.of(service, toInclusive.toString())),
                service)) {
            it.forEachRemaining(kv -> sum.merge(kv.value, 1));
        }
        return sum;
    }

    @Override
    public List<String> dayDeployments(String service, LocalDate from, LocalDate toInclusive) {
        return values(LedgerStores.DAY_DEPLOYMENTS, LedgerKeys.of(service, from.toString()), LedgerKeys.of(service, toInclusive.toString()), service);
    }

    @Override
    public java.util.Map<String, String> findingTimelines(String service) {
        java.util.Map<String, String> byFinding = new java.util.TreeMap<>();
        try (KeyValueIterator<String, String> it = single(LedgerStores.FINDING_TIMELINES,
                RangeQuery.<String, String>withRange(LedgerKeys.prefix(service), LedgerKeys.prefix(service) + '\uffff'), service)) {
            it.forEachRemaining(kv -> byFinding.put(LedgerKeys.split(kv.key)[1], kv.value));
        }
        return byFinding;
    }

    private List<String> values(String store, String from, String to, String service) {
        List<String> values = new ArrayList<>();
        try (KeyValueIterator<String, String> it = single(store, RangeQuery.<String, String>withRange(from, to), service)) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }
}
