package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.contract.FutureEvent;
import com.devsecopsmetrics.ingest.EventKind;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.time.Instant;

/**
 * The one gate every input record passes before any state is touched (DESIGN §7): the key is the event's
 * service_id, the event keeps the contract's limits, its time is neither from the future nor older than the
 * retention horizon. A record that fails throws a {@link ContractViolation}, which the processing exception handler
 * sends to the dead-letter topic; since nothing was written yet, a rejected record leaves no state behind. An
 * admitted record on the wrong partition is wrapped in {@link Misplaced} so the topology can route it home.
 */
public final class EventAdmission implements Processor<String, Object, String, Object> {
    private final ContractRules rules;
    private final Duration retention;
    private final int partitions;
    private final boolean tombstonesAllowed;
    private ProcessorContext<String, Object> context;

    /**
     * @param partitions        the input topics' partition count, which the stores are laid out by
     * @param tombstonesAllowed whether a null value is a deletion (the compacted catalogue) rather than a violation
     */
    public EventAdmission(ContractRules rules, Duration retention, int partitions, boolean tombstonesAllowed) {
        this.rules = rules;
        this.retention = retention;
        this.partitions = partitions;
        this.tombstonesAllowed = tombstonesAllowed;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Object> record) {
        String key = record.key();
        if (key == null) {
            throw new ContractViolation("record without a key; the key must be the event's service_id");
        }
        Object value = record.value();
        if (value == null) {
            if (!tombstonesAllowed) {
                throw new ContractViolation("tombstone (null value) for key '" + ContractRules.quote(key, 300)
                        + "' on an input topic that holds events, not a table");
            }
        } else {
            admit(key, value, record.timestamp());
        }
        boolean home = context.recordMetadata().map(m -> m.partition() == KeyPartition.of(key, partitions)).orElse(true);
        context.forward(home ? record : record.withValue(new Misplaced(value)));
    }

    private void admit(String key, Object value, long recordTime) {
        if (!(value instanceof SpecificRecord event) || EventKind.ofRecord(event).isEmpty()) {
            throw new ContractViolation("value of type " + value.getClass().getSimpleName() + " is not an event of the contract");
        }
        String service = EventKind.serviceId(event);
        if (!key.equals(service)) {
            throw new ContractViolation("record key '" + ContractRules.quote(key, 300) + "' differs from service_id '"
                    + ContractRules.quote(service, 300) + "'");
        }
        // Kafka Streams caches the wall clock per loop; the extractor read it later. Never judge by an earlier clock than it.
        rules.check(event, Math.max(context.currentSystemTimeMs(), System.currentTimeMillis()));
        long eventTime = EventKind.ofRecord(event).orElseThrow().eventTime(event).toEpochMilli();
        if (recordTime != eventTime) {
            // The timestamp extractor found it untimely a moment ago (its clock came first): keep to its decision.
            throw new FutureEvent("event time " + Instant.ofEpochMilli(eventTime) + " was more than " + rules.maxFutureMs()
                    + " ms ahead of the wall clock when the record was read");
        }
        long streamTime = context.currentStreamTimeMs();
        // A catalogue entry (the table, which takes tombstones) may stand unchanged for years: the horizon is for events.
        if (!tombstonesAllowed && streamTime > 0 && eventTime < streamTime - retention.toMillis()) {
            throw new ExpiredEvent("event time " + Instant.ofEpochMilli(eventTime) + " is more than " + retention.toDays()
                    + " days (retention.days) before the newest event seen, " + Instant.ofEpochMilli(streamTime));
        }
    }
}
