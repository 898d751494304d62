package com.devsecopsmetrics.query;

import com.devsecopsmetrics.catalogue.CatalogueRequests;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads the catalogue store through IQv2, locally or on the instance that owns the key. */
public final class CatalogueQueries {
    /** This instance's own catalogue entries, for the instance that gathers them all; {@code /{id}} for one. */
    public static final String INTERNAL_PATH = "/internal/v1/services";
    private final KafkaStreams streams;
    private final InstanceRouter router;

    public CatalogueQueries(KafkaStreams streams, InstanceRouter router) {
        this.streams = streams;
        this.router = router;
    }

    /** All catalogue entries this instance holds as active. */
    public Map<String, Service> localEntries() {
        Map<String, Service> entries = new TreeMap<>();
        localShares(router.allPartitions(), false).values().forEach(entries::putAll);
        return entries;
    }

    /** This instance's entries of the partitions asked for, by partition; a partition it cannot answer for is left out. */
    public Map<Integer, Map<String, Service>> localShares(Set<Integer> partitions, boolean includeStandby) {
        StateQueryRequest<KeyValueIterator<String, Service>> request = CatalogueRequests.entries()
                .withPartitions(partitions);
        if (!includeStandby) {
            request = request.requireActive();
        }
        StateQueryResult<KeyValueIterator<String, Service>> result = streams.query(request);
        Map<Integer, Map<String, Service>> shares = new TreeMap<>();
        result.getPartitionResults().forEach((partition, r) -> {
            if (r.isFailure()) {
                return; // a partition this instance does not hold (or not now); another copy answers for it
            }
            Map<String, Service> entries = new TreeMap<>();
            try (KeyValueIterator<String, Service> it = r.getResult()) {
                while (it.hasNext()) {
                    KeyValue<String, Service> kv = it.next();
                    entries.put(kv.key, kv.value);
                }
            }
            shares.put(partition, entries);
        });
        return shares;
    }

    /** The answer of the internal route: this instance's entries by partition. */
    public ObjectNode localSharesBody(Set<Integer> partitions, boolean includeStandby) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        ObjectNode byPartition = body.putObject("partitions");
        localShares(partitions, includeStandby).forEach((p, entries) -> {
            var array = byPartition.putArray(String.valueOf(p));
            entries.values().forEach(s -> array.add(ContractJson.toJsonNode(s)));
        });
        return body;
    }

    /** The whole catalogue as JSON objects, gathered from a copy of every partition. */
    public List<JsonNode> all() {
        Map<Integer, List<JsonNode>> shares = router.gather((partitions, standby) -> {
            Map<Integer, List<JsonNode>> local = new TreeMap<>();
            localShares(partitions, standby).forEach((p, entries) -> local.put(p, entries.values().stream().<JsonNode>map(ContractJson::toJsonNode).toList()));
            return local;
        }, (partitions, standby) -> INTERNAL_PATH + "?" + InstanceRouter.partitionParameters(partitions, standby), body -> {
            Map<Integer, List<JsonNode>> remote = new TreeMap<>();
            try {
                ContractJson.mapper().readTree(body).path("partitions").fields().forEachRemaining(e -> {
                    List<JsonNode> entries = new ArrayList<>();
                    e.getValue().forEach(entries::add);
                    remote.put(Integer.parseInt(e.getKey()), entries);
                });
            } catch (IOException e) {
                throw ApiError.unavailable("unreadable answer from another instance");
            }
            return remote;
        });
        Map<String, JsonNode> byId = new TreeMap<>();
        shares.values().forEach(entries -> entries.forEach(n -> byId.put(n.path("service_id").asText(), n)));
        return new ArrayList<>(byId.values());
    }

    /** One catalogue entry, from whichever copy of its partition answers (active first, then standbys). */
    public Optional<JsonNode> get(String serviceId) {
        String path = INTERNAL_PATH + "/" + URLEncoder.encode(serviceId, StandardCharsets.UTF_8).replace("+", "%20");
        return router.keyed(CatalogueRequests.BY_SERVICE, serviceId, (partition, standby) -> local(serviceId, partition, standby).map(ContractJson::toJsonNode),
                (partitions, standby) -> path + "?" + InstanceRouter.partitionParameters(partitions, standby), r -> {
                    if (r.statusCode() == 404) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(ContractJson.mapper().readTree(r.body()));
                    } catch (IOException e) {
                        throw ApiError.unavailable("unreadable answer from the instance holding " + serviceId);
                    }
                });
    }

    /**
     * This instance's entry, as another instance asks for it: from the partition named (a 503 when this instance's
     * copy of it cannot answer), or from any active partition for an older caller that names none.
     */
    public Optional<JsonNode> local(String serviceId, String partitions, boolean includeStandby) {
        Integer partition = partitions == null ? null : router.partitionsParameter(partitions).iterator().next();
        return local(serviceId, partition, includeStandby).map(ContractJson::toJsonNode);
    }

    private Optional<Service> local(String serviceId, Integer partition, boolean includeStandby) {
        StateQueryRequest<Service> request = CatalogueRequests.entry(serviceId);
        if (!includeStandby) {
            request = request.requireActive();
        }
        if (partition == null) {
            return firstValue(streams.query(request));
        }
        StateQueryResult<Service> result = streams.query(request.withPartitions(Set.of(partition)));
        QueryResult<Service> r = result.getPartitionResults().get(partition);
        if (r == null || r.isFailure()) {
            throw ApiError.unavailable("partition " + partition + " is not available here");
        }
        return Optional.ofNullable(r.getResult());
    }

    private static Optional<Service> firstValue(StateQueryResult<Service> result) {
        for (QueryResult<Service> r : result.getPartitionResults().values()) {
            if (r.isSuccess() && r.getResult() != null) {
                return Optional.of(r.getResult());
            }
        }
        return Optional.empty();
    }

    public static ObjectNode listBody(List<JsonNode> services) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("count", services.size());
        body.putArray("services").addAll(services);
        return body;
    }
}
