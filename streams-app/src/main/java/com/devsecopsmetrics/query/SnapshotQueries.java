package com.devsecopsmetrics.query;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.coverage.ServiceSnapshots;
import com.devsecopsmetrics.coverage.StoreLedgerView;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ledger.LedgerStores;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The snapshots of the services in the scope that this instance holds as active. Each active partition's
     * stores are read directly (one store handle per partition, not one query per service and store), which is
     * what keeps an org-wide snapshot over a thousand services affordable.
     */
    public List<ServiceSnapshot> local(Scope scope, LocalDate date) {
        List<ServiceSnapshot> snapshots = new ArrayList<>();
        for (int partition : activePartitions()) {
            ReadOnlyKeyValueStore<String, Service> catalogue = store(CatalogueTopology.STORE, partition);
            ReadOnlyKeyValueStore<String, String> assignments = store(LedgerStores.ASSIGNMENTS, partition);
            StoreLedgerView view = new StoreLedgerView(catalogue, store(LedgerStores.SERVICE_DAYS, partition),
                    store(LedgerStores.DAY_DEPLOYMENTS, partition), store(LedgerStores.FINDING_TIMELINES, partition));
            TreeSet<String> services = new TreeSet<>();
            try (KeyValueIterator<String, String> it = assignments.all()) {
                it.forEachRemaining(kv -> services.add(kv.key));
            }
            try (KeyValueIterator<String, Service> it = catalogue.all()) {
                it.forEachRemaining(kv -> services.add(kv.key));
            }
            for (String service : services) {
                if (scope.kind() == Scope.Kind.SERVICE && !scope.value().equals(service)) {
                    continue;
                }
                ServiceSnapshot s = ServiceSnapshots.of(service, date, lookbackDays, view);
                if (inScope(scope, s)) {
                    snapshots.add(s);
                }
            }
        }
        return snapshots;
    }

    private Set<Integer> activePartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                // Only the ledger's tasks (which read the input topics) hold its stores; other sub-topologies' do not.
                task.topicPartitions().stream().filter(tp -> com.devsecopsmetrics.app.Topics.INPUTS.contains(tp.topic()))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("partition " + partition + " is not available here (" + e.getMessage() + "); try again shortly");
        }
    }

    private static boolean inScope(Scope scope, ServiceSnapshot s) {
        return switch (scope.kind()) {
            case ORG, SERVICE -> true;
            case TEAM -> scope.value().equals(s.team());
            case TIER -> scope.value().equals(s.tier().name());
        };
    }
}
