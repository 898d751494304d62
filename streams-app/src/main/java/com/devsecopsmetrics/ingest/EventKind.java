package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.Service;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The six input kinds of the contract (DESIGN §3): topic, record type and event-time field of each. */
public enum EventKind {
    SERVICES("services", Service.class, "updated_at"),
    COMMITS("commits", Commit.class, "committed_at"),
    DEPLOYMENTS("deployments", Deployment.class, "deployed_at"),
    INCIDENTS("incidents", Incident.class, "occurred_at"),
    SCAN_RESULTS("scan-results", ScanResult.class, "completed_at"),
    FINDINGS("findings", Finding.class, "occurred_at");

    public static final String KEY_FIELD = "service_id";

    private final String kind;
    /** Built once: every event a loader sends asks for it. */
    private final String topic;
    private final Class<? extends SpecificRecord> type;
    private final String timeField;
    private final Schema schema;
    private final int timePosition;
    private final int keyPosition;

    EventKind(String kind, Class<? extends SpecificRecord> type, String timeField) {
        this.kind = kind;
        this.topic = "devsecops." + kind;
        this.type = type;
        this.timeField = timeField;
        this.schema = SpecificData.get().getSchema(type);
        this.timePosition = schema.getField(timeField).pos();
        this.keyPosition = schema.getField(KEY_FIELD).pos();
    }

    public String kind() {
        return kind;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends SpecificRecord> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    public String timeField() {
        return timeField;
    }

    public Instant eventTime(SpecificRecord record) {
        return (Instant) record.get(timePosition);
    }

    /** The event's {@code service_id}, read at its kind's position (asked of every event a loader sends and the ledger reads). */
    public static String serviceId(SpecificRecord record) {
        EventKind kind = BY_TYPE.get(record.getClass());
        return (String) record.get(kind != null ? kind.keyPosition : record.getSchema().getField(KEY_FIELD).pos());
    }

    /** Accepts the kind ({@code scan-results}) or its topic ({@code devsecops.scan-results}). */
    public static Optional<EventKind> parse(String nameOrTopic) {
        String k = nameOrTopic.startsWith("devsecops.") ? nameOrTopic.substring("devsecops.".length()) : nameOrTopic;
        return Arrays.stream(values()).filter(e -> e.kind.equals(k)).findFirst();
    }

    /** Called several times for every event: a lookup by the generated class, not a search. */
    public static Optional<EventKind> ofRecord(SpecificRecord record) {
        return record == null ? Optional.empty() : Optional.ofNullable(BY_TYPE.get(record.getClass()));
    }

    private static final Map<Class<?>, EventKind> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(e -> e.type, e -> e));

    public static String names() {
        return Arrays.stream(values()).map(EventKind::kind).collect(Collectors.joining(", "));
    }
}
