package com.devsecopsmetrics.query;

import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ledger.DayFiguresSerde;
import com.devsecopsmetrics.ledger.LedgerRequests;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sums the day figures of a scope over a period. Org, team and tier figures are kept per partition, so a
 * query gathers every partition's share: from this instance's active tasks, from the other instances, and
 * from standbys for any partition whose active instance does not answer. A service lives in one partition,
 * so its query goes to the instance that owns it.
 */
public final class FigureQueries {
    public static final String INTERNAL_PATH = "/internal/v1/figures";
    private final KafkaStreams streams;
    private final InstanceRouter router;

    private final RiskWeights riskWeights;

    public FigureQueries(KafkaStreams streams, InstanceRouter router, RiskWeights riskWeights) {
        this.riskWeights = riskWeights;
        this.streams = streams;
        this.router = router;
    }

    /** The scope's figures over the period, or empty when the scope is a service nobody has heard of. */
    public Optional<DayFigures> total(Scope scope, Period period) {
        if (scope.kind() == Scope.Kind.SERVICE) {
            return serviceTotal(scope.value(), period);
        }
        Map<Integer, DayFigures> byPartition = router.gather((partitions, standby) -> localRollup(scope, period, standby, partitions),
                (partitions, standby) -> internalQuery(scope, period) + "&" + InstanceRouter.partitionParameters(partitions, standby),
                FigureQueries::decode);
        return Optional.of(sum(byPartition));
    }

    /** This instance's share of a roll-up, per partition asked for (active copies only unless {@code includeStandby}). */
    public Map<Integer, DayFigures> localRollup(Scope scope, Period period, boolean includeStandby, Set<Integer> partitions) {
        String name = scope.rollupName();
        return sumByPartition(LedgerRequests.scopeDays(name, period.from(), period.lastDay()), includeStandby, partitions);
    }

    private Optional<DayFigures> serviceTotal(String service, Period period) {
        return router.keyed(LedgerRequests.BY_SERVICE, service, (partition, standby) -> localService(service, period, partition, standby),
                (partitions, standby) -> internalQuery(new Scope(Scope.Kind.SERVICE, service), period) + "&"
                        + InstanceRouter.partitionParameters(partitions, standby),
                r -> r.statusCode() == 404 ? Optional.empty() : Optional.of(sum(decode(r.body()))));
    }

    private static DayFigures sum(Map<Integer, DayFigures> byPartition) {
        DayFigures total = new DayFigures();
        new TreeMap<>(byPartition).values().forEach(f -> total.merge(f, 1));
        return total;
    }

    /**
     * A service's figures from this instance's stores, with new-code risk weighted by its current tier. With a
     * partition, a 503 {@link ApiError} when this instance's copy of it cannot answer (so that "unknown service" is
     * only ever said by a copy that holds the partition).
     */
    public Optional<DayFigures> localService(String service, Period period, Integer partition, boolean includeStandby) {
        Optional<ScopeAssignment> assignment = localAssignment(service, partition, includeStandby);
        if (assignment.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, DayFigures> parts = sumByPartition(LedgerRequests.serviceDays(service, period.from(), period.lastDay()), includeStandby, partition == null ? null : Set.of(partition));
        if (partition != null && !parts.containsKey(partition)) {
            throw ApiError.unavailable("partition " + partition + " is not available here");
        }
        return Optional.of(sum(parts).weightedForTier(assignment.get().riskWeight(riskWeights)));
    }

    private Optional<ScopeAssignment> localAssignment(String service, Integer partition, boolean includeStandby) {
        var results = LocalStoreAnswers.of(streams, LedgerRequests.assignment(service), partition, includeStandby,
                "partition " + partition + " is not available here");
        for (QueryResult<String> r : results.values()) {
            if (r.isSuccess() && r.getResult() != null) {
                return Optional.of(LedgerRequests.assignmentOf(r.getResult()));
            }
        }
        return Optional.empty();
    }

    private Map<Integer, DayFigures> sumByPartition(StateQueryRequest<KeyValueIterator<String, DayFigures>> request, boolean includeStandby,
                                                    Set<Integer> partitions) {
        if (!includeStandby) {
            request = request.requireActive();
        }
        if (partitions != null) {
            request = request.withPartitions(partitions);
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

    private static Map<Integer, DayFigures> decode(String body) {
        Map<Integer, DayFigures> parts = new HashMap<>();
        try {
            ContractJson.mapper().readTree(body).path("partitions").fields().forEachRemaining(e -> parts.put(Integer.parseInt(e.getKey()),
                    DayFiguresSerde.read(Base64.getDecoder().decode(e.getValue().asText()))));
        } catch (IOException e) {
            throw ApiError.unavailable("unreadable answer from another instance");
        }
        return parts;
    }

    private static String internalQuery(Scope scope, Period period) {
        return INTERNAL_PATH + "?scope=" + URLEncoder.encode(scope.toString(), StandardCharsets.UTF_8)
                + "&from=" + period.from() + "&to=" + period.to();
    }
}
