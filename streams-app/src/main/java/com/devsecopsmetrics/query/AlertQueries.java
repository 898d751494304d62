package com.devsecopsmetrics.query;

import com.devsecopsmetrics.alerts.AlertState;
import com.devsecopsmetrics.alerts.AlertTopology;
import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the alert store through IQv2. All alerts live in the evaluator's one partition, so a query goes to the
 * instance holding it (a standby when the active one does not answer), like every other keyed query.
 */
public final class AlertQueries {
    public static final String PATH = "/api/v1/alerts";
    /** The alerts the asked instance holds, for the instance a client asked. */
    public static final String INTERNAL_PATH = "/internal/v1/alerts";
    private static final TypeReference<Map<String, List<AlertState>>> BODY = new TypeReference<>() {
    };
    /** Open alerts first, then the most recently opened. */
    private static final Comparator<AlertState> ORDER = Comparator.comparing((AlertState a) -> !a.isOpen())
            .thenComparing(AlertState::openedAt, Comparator.reverseOrder()).thenComparing(AlertState::id);
    private final KafkaStreams streams;
    private final InstanceRouter router;

    public AlertQueries(KafkaStreams streams, InstanceRouter router) {
        this.streams = streams;
        this.router = router;
    }

    /** Every alert, open and cleared, from whichever copy of their partition answers. */
    public List<AlertState> all() {
        return router.keyed(AlertTopology.ALERTS_STORE, AlertTopology.REPORT_KEY, this::local,
                (partitions, standby) -> INTERNAL_PATH + "?" + InstanceRouter.partitionParameters(partitions, standby), r -> {
                    if (r.statusCode() != 200) {
                        throw ApiError.unavailable("the instance holding the alerts answered " + r.statusCode());
                    }
                    try {
                        return ContractJson.mapper().readValue(r.body(), BODY).getOrDefault("alerts", List.of());
                    } catch (IOException e) {
                        throw ApiError.unavailable("unreadable answer from the instance holding the alerts");
                    }
                });
    }

    /**
     * The alerts this instance holds, as another instance asks for them: from the partition named (a 503 when this
     * instance's copy of it cannot answer), or from whatever active copy it has for an older caller that names none.
     */
    public List<AlertState> local(String partitions, boolean includeStandby) {
        return partitions == null ? local((Integer) null, false) : local(router.partitionsParameter(partitions).iterator().next(), includeStandby);
    }

    private List<AlertState> local(Integer partition, boolean includeStandby) {
        StateQueryRequest<KeyValueIterator<String, String>> request = StateQueryRequest.inStore(AlertTopology.ALERTS_STORE)
                .withQuery(RangeQuery.<String, String>withNoBounds());
        var results = LocalStoreAnswers.of(streams, request, partition, includeStandby,
                "partition " + partition + " of the alerts is not available here");
        List<AlertState> alerts = new ArrayList<>();
        for (QueryResult<KeyValueIterator<String, String>> r : results.values()) {
            if (r.isSuccess()) {
                try (KeyValueIterator<String, String> it = r.getResult()) {
                    it.forEachRemaining(kv -> alerts.add(AlertState.fromJson(kv.value)));
                }
            }
        }
        alerts.sort(ORDER);
        return alerts;
    }

    /** {@code {"alerts":[...]}}, optionally only those with {@code status} and {@code scope}. */
    public static ObjectNode body(List<AlertState> alerts, String status, String scope) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        var array = body.putArray("alerts");
        for (AlertState a : alerts) {
            if ((status == null || status.equalsIgnoreCase(a.status())) && (scope == null || scope.equals(a.scope()))) {
                array.add(ContractJson.mapper().valueToTree(a));
            }
        }
        return body;
    }
}
