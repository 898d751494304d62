package com.devsecopsmetrics.query;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.coverage.ServiceSnapshots;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ledger.LedgerStores;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Snapshots as of the end of a day: each instance builds the snapshots of the services it holds in the scope,
 * and the instance asked combines everyone's into the scope's coverage and debt.
 */
public final class SnapshotQueries {
    static final String INTERNAL_PATH = "/internal/v1/snapshot-services";
    private static final TypeReference<List<ServiceSnapshot>> LIST = new TypeReference<>() {
    };
    private final KafkaStreams streams;
    private final InstanceRouter router;
    private final int lookbackDays;

    public SnapshotQueries(KafkaStreams streams, InstanceRouter router, int lookbackDays) {
        this.streams = streams;
        this.router = router;
        this.lookbackDays = lookbackDays;
    }

    /** The snapshots of every service in the scope, from every instance. */
    public List<ServiceSnapshot> services(Scope scope, LocalDate date) {
        Map<String, ServiceSnapshot> byId = new TreeMap<>();
        local(scope, date).forEach(s -> byId.put(s.serviceId(), s));
        String path = INTERNAL_PATH + "?scope=" + URLEncoder.encode(scope.toString(), StandardCharsets.UTF_8) + "&date=" + date;
        for (HostInfo host : router.otherInstances()) {
            var answer = router.forward(List.of(host), path)
                    .orElseThrow(() -> ApiError.unavailable("instance " + host + " does not answer; try again shortly"));
            try {
                ContractJson.mapper().readValue(answer.body(), LIST).forEach(s -> byId.putIfAbsent(s.serviceId(), s));
            } catch (IOException e) {
                throw ApiError.unavailable("unreadable answer from instance " + host);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** The snapshots of the services in the scope that this instance holds as active. */
    public List<ServiceSnapshot> local(Scope scope, LocalDate date) {
        InteractiveLedgerView view = new InteractiveLedgerView(streams, false);
        List<ServiceSnapshot> snapshots = new ArrayList<>();
        for (String service : localServices()) {
            if (scope.kind() == Scope.Kind.SERVICE && !scope.value().equals(service)) {
                continue;
            }
            ServiceSnapshot s = ServiceSnapshots.of(service, date, lookbackDays, view);
            if (inScope(scope, s)) {
                snapshots.add(s);
            }
        }
        return snapshots;
    }

    private static boolean inScope(Scope scope, ServiceSnapshot s) {
        return switch (scope.kind()) {
            case ORG, SERVICE -> true;
            case TEAM -> scope.value().equals(s.team());
            case TIER -> scope.value().equals(s.tier().name());
        };
    }

    /** Services seen in events (they have an assignment) or in the catalogue, on this instance's active partitions. */
    private TreeSet<String> localServices() {
        TreeSet<String> services = new TreeSet<>();
        collectKeys(LedgerStores.ASSIGNMENTS, services);
        collectKeys(CatalogueTopology.STORE, services);
        return services;
    }

    private <V> void collectKeys(String store, TreeSet<String> into) {
        var result = streams.query(StateQueryRequest.inStore(store).withQuery(RangeQuery.<String, V>withNoBounds()).requireActive());
        for (QueryResult<KeyValueIterator<String, V>> r : result.getPartitionResults().values()) {
            if (r.isSuccess()) {
                try (KeyValueIterator<String, V> it = r.getResult()) {
                    it.forEachRemaining(kv -> into.add(kv.key));
                }
            }
        }
    }


}
