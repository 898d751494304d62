package com.devsecopsmetrics.query;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads the catalogue store through IQv2, locally or on the instance that owns the key. */
public final class CatalogueQueries {
    /** This instance's own catalogue entries, for the instance that gathers them all; {@code /{id}} for one. */
    static final String INTERNAL_PATH = "/internal/v1/services";
    private final KafkaStreams streams;
    private final InstanceRouter router;

    public CatalogueQueries(KafkaStreams streams, InstanceRouter router) {
        this.streams = streams;
        this.router = router;
    }

    /** All catalogue entries this instance holds as active. */
    public Map<String, Service> localEntries() {
        StateQueryRequest<KeyValueIterator<String, Service>> request = StateQueryRequest
                .inStore(CatalogueTopology.STORE)
                .withQuery(RangeQuery.<String, Service>withNoBounds())
                .requireActive();
        StateQueryResult<KeyValueIterator<String, Service>> result = streams.query(request);
        Map<String, Service> entries = new TreeMap<>();
        for (QueryResult<KeyValueIterator<String, Service>> partition : result.getPartitionResults().values()) {
            if (partition.isFailure()) {
                continue; // a partition this instance no longer owns; its owner answers for it
            }
            try (KeyValueIterator<String, Service> it = partition.getResult()) {
                while (it.hasNext()) {
                    KeyValue<String, Service> kv = it.next();
                    entries.put(kv.key, kv.value);
                }
            }
        }
        return entries;
    }

    /** The whole catalogue as JSON objects, gathered from every instance. */
    public List<JsonNode> all(boolean localOnly) {
        Map<String, JsonNode> byId = new TreeMap<>();
        localEntries().forEach((id, s) -> byId.put(id, ContractJson.toJsonNode(s)));
        if (!localOnly) {
            for (HostInfo host : router.otherInstances()) {
                JsonNode remote = router.forwardJson(host, INTERNAL_PATH);
                remote.path("services").forEach(n -> byId.put(n.path("service_id").asText(), n));
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** One catalogue entry, from whichever instance holds it (active first, then standbys). */
    public Optional<JsonNode> get(String serviceId, boolean localOnly) {
        if (localOnly) {
            return local(serviceId, Optional.empty()).map(ContractJson::toJsonNode);
        }
        KeyQueryMetadata md = router.metadataFor(CatalogueTopology.STORE, serviceId);
        if (router.isSelf(md.activeHost())) {
            return local(serviceId, Optional.of(md.partition())).map(ContractJson::toJsonNode);
        }
        Optional<HttpResponse<String>> answer = router.forward(router.remoteHolders(md), INTERNAL_PATH + "/"
                + java.net.URLEncoder.encode(serviceId, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        if (answer.isEmpty()) {
            if (md.standbyHosts().contains(router.self())) {
                return localAny(serviceId, md.partition()).map(ContractJson::toJsonNode);
            }
            throw ApiError.unavailable("no instance holding service " + serviceId + " answers");
        }
        if (answer.get().statusCode() == 404) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContractJson.mapper().readTree(answer.get().body()));
        } catch (java.io.IOException e) {
            throw ApiError.unavailable("unreadable answer from the instance holding " + serviceId);
        }
    }

    private Optional<Service> local(String serviceId, Optional<Integer> partition) {
        StateQueryRequest<Service> request = StateQueryRequest.inStore(CatalogueTopology.STORE)
                .withQuery(KeyQuery.<String, Service>withKey(serviceId)).requireActive();
        if (partition.isPresent()) {
            request = request.withPartitions(Set.of(partition.get()));
        }
        return firstValue(streams.query(request));
    }

    /** Reads from a standby copy when the active instance is unavailable. */
    private Optional<Service> localAny(String serviceId, int partition) {
        StateQueryRequest<Service> request = StateQueryRequest.inStore(CatalogueTopology.STORE)
                .withQuery(KeyQuery.<String, Service>withKey(serviceId)).withPartitions(Set.of(partition));
        return firstValue(streams.query(request));
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
