package com.devsecopsmetrics.query;

import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ledger.DayFigures;
import com.devsecopsmetrics.ledger.DayFiguresSerde;
import com.devsecopsmetrics.ledger.LedgerKeys;
import com.devsecopsmetrics.ledger.LedgerStores;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sums the day figures of a scope over a period. Org, team and tier figures are kept per partition, so a
 * query gathers every partition's share: from this instance's active tasks, from the other instances, and
 * from standbys for any partition whose active instance does not answer. A service lives in one partition,
 * so its query goes to the instance that owns it.
 */
public final class FigureQueries {
    static final String INTERNAL_PATH = "/internal/v1/figures";
    private final KafkaStreams streams;
    private final InstanceRouter router;

    private final com.devsecopsmetrics.debt.RiskWeights riskWeights;

    public FigureQueries(KafkaStreams streams, InstanceRouter router, com.devsecopsmetrics.debt.RiskWeights riskWeights) {
        this.riskWeights = riskWeights;
        this.streams = streams;
        this.router = router;
    }

    /** The scope's figures over the period, or empty when the scope is a service nobody has heard of. */
    public Optional<DayFigures> total(Scope scope, Period period) {
        if (scope.kind() == Scope.Kind.SERVICE) {
            return serviceTotal(scope.value(), period);
        }
        Map<Integer, DayFigures> byPartition = new HashMap<>(localRollup(scope, period, false));
        for (HostInfo host : router.otherInstances()) {
            if (coversAll(byPartition.keySet())) {
                break;
            }
            router.forward(List.of(host), internalQuery(scope, period, false)).ifPresent(r -> mergeAnswer(r.body(), byPartition));
        }
        Set<Integer> missing = missingPartitions(byPartition.keySet());
        if (!missing.isEmpty()) {
            // Active owners did not answer: read the standby copies, here and elsewhere.
            localRollup(scope, period, true).forEach((p, f) -> {
                if (missing.contains(p)) {
                    byPartition.putIfAbsent(p, f);
                }
            });
            for (HostInfo host : standbyHosts(missingPartitions(byPartition.keySet()))) {
                router.forward(List.of(host), internalQuery(scope, period, true)).ifPresent(r -> mergeAnswer(r.body(), byPartition));
            }
            Set<Integer> stillMissing = missingPartitions(byPartition.keySet());
            if (!stillMissing.isEmpty()) {
                throw ApiError.unavailable("partitions " + stillMissing + " have no instance answering; try again shortly");
            }
        }
        DayFigures total = new DayFigures();
        byPartition.values().forEach(f -> total.merge(f, 1));
        return Optional.of(total);
    }

    /** This instance's share of a roll-up, per partition (active partitions only unless {@code includeStandby}). */
    public Map<Integer, DayFigures> localRollup(Scope scope, Period period, boolean includeStandby) {
        String name = scope.rollupName();
        return sumByPartition(LedgerStores.SCOPE_DAYS,
                LedgerKeys.of(name, period.from().toString()), LedgerKeys.of(name, period.lastDay().toString()), includeStandby, null);
    }

    private Optional<DayFigures> serviceTotal(String service, Period period) {
        KeyQueryMetadata md = router.metadataFor(LedgerStores.SERVICE_DAYS, service);
        if (router.isSelf(md.activeHost())) {
            return localService(service, period, md.partition(), false);
        }
        String path = internalQuery(new Scope(Scope.Kind.SERVICE, service), period, false);
        var answer = router.forward(router.remoteHolders(md), path);
        if (answer.isEmpty()) {
            if (md.standbyHosts().contains(router.self())) {
                return localService(service, period, md.partition(), true);
            }
            throw ApiError.unavailable("no instance holding service " + service + " answers");
        }
        if (answer.get().statusCode() == 404) {
            return Optional.empty();
        }
        Map<Integer, DayFigures> parts = new HashMap<>();
        mergeAnswer(answer.get().body(), parts);
        DayFigures total = new DayFigures();
        parts.values().forEach(f -> total.merge(f, 1));
        return Optional.of(total);
    }

    /** A service's figures from this instance's stores, with new-code risk weighted by its current tier. */
    public Optional<DayFigures> localService(String service, Period period, Integer partition, boolean includeStandby) {
        Optional<ScopeAssignment> assignment = localAssignment(service, partition, includeStandby);
        if (assignment.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, DayFigures> parts = sumByPartition(LedgerStores.SERVICE_DAYS, LedgerKeys.of(service, period.from().toString()),
                LedgerKeys.of(service, period.lastDay().toString()), includeStandby, partition);
        DayFigures total = new DayFigures();
        parts.values().forEach(f -> total.merge(f, 1));
        return Optional.of(total.weightedForTier(assignment.get().riskWeight(riskWeights)));
    }

    private Optional<ScopeAssignment> localAssignment(String service, Integer partition, boolean includeStandby) {
        StateQueryRequest<String> request = StateQueryRequest.inStore(LedgerStores.ASSIGNMENTS)
                .withQuery(KeyQuery.<String, String>withKey(service));
        if (!includeStandby) {
            request = request.requireActive();
        }
        if (partition != null) {
            request = request.withPartitions(Set.of(partition));
        }
        for (QueryResult<String> r : streams.query(request).getPartitionResults().values()) {
            if (r.isSuccess() && r.getResult() != null) {
                return Optional.of(ScopeAssignment.parse(r.getResult()));
            }
        }
        return Optional.empty();
    }

    private Map<Integer, DayFigures> sumByPartition(String store, String lower, String upper, boolean includeStandby, Integer partition) {
        StateQueryRequest<KeyValueIterator<String, DayFigures>> request = StateQueryRequest.inStore(store)
                .withQuery(RangeQuery.<String, DayFigures>withRange(lower, upper));
        if (!includeStandby) {
            request = request.requireActive();
        }
        if (partition != null) {
            request = request.withPartitions(Set.of(partition));
        }
        StateQueryResult<KeyValueIterator<String, DayFigures>> result = streams.query(request);
        Map<Integer, DayFigures> byPartition = new HashMap<>();
        result.getPartitionResults().forEach((p, r) -> {
            if (r.isSuccess()) {
                DayFigures sum = new DayFigures();
                try (KeyValueIterator<String, DayFigures> it = r.getResult()) {
                    it.forEachRemaining(kv -> sum.merge(kv.value, 1));
                }
                byPartition.put(p, sum);
            }
        });
        return byPartition;
    }

    /** The answer of the internal endpoint: each partition's figures, base64 of their binary form. */
    public static ObjectNode encode(Map<Integer, DayFigures> byPartition) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        ObjectNode parts = body.putObject("partitions");
        byPartition.forEach((p, f) -> parts.put(String.valueOf(p), Base64.getEncoder().encodeToString(DayFiguresSerde.write(f))));
        return body;
    }

    private static void mergeAnswer(String body, Map<Integer, DayFigures> into) {
        try {
            JsonNode parts = ContractJson.mapper().readTree(body).path("partitions");
            parts.fields().forEachRemaining(e -> into.putIfAbsent(Integer.parseInt(e.getKey()),
                    DayFiguresSerde.read(Base64.getDecoder().decode(e.getValue().asText()))));
        } catch (java.io.IOException e) {
            throw ApiError.unavailable("unreadable answer from another instance");
        }
    }

    private static String internalQuery(Scope scope, Period period, boolean standby) {
        return INTERNAL_PATH + "?scope=" + URLEncoder.encode(scope.toString(), StandardCharsets.UTF_8)
                + "&from=" + period.from() + "&to=" + period.to() + (standby ? "&standby=true" : "");
    }

    private Set<Integer> allPartitions() {
        Set<Integer> all = new TreeSet<>();
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            for (TopicPartition tp : md.topicPartitions()) {
                all.add(tp.partition());
            }
            for (TopicPartition tp : md.standbyTopicPartitions()) {
                all.add(tp.partition());
            }
        }
        return all;
    }

    private boolean coversAll(Set<Integer> have) {
        return missingPartitions(have).isEmpty();
    }

    private Set<Integer> missingPartitions(Set<Integer> have) {
        Set<Integer> missing = allPartitions();
        missing.removeAll(have);
        return missing;
    }

    private List<HostInfo> standbyHosts(Set<Integer> partitions) {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            if (!router.isSelf(md.hostInfo()) && md.standbyTopicPartitions().stream().anyMatch(tp -> partitions.contains(tp.partition()))) {
                hosts.add(md.hostInfo());
            }
        }
        return hosts;
    }
}
