package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.contract.ContractRules;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.time.Duration;
import java.util.Map;

/**
 * Puts an input stream through {@link EventAdmission} and brings misplaced records home: those go through the
 * repartition topic {@code <application.id>-<name>-misplaced-repartition}, partitioned by Kafka's default
 * partitioner, and come back merged with the rest. Records already on their partition take no detour.
 */
public final class AdmittedInputs {
    private AdmittedInputs() {
    }

    public record Settings(ContractRules rules, Duration retention, int partitions) {
    }

    /** @return the admitted records, each on the partition its key belongs to */
    public static KStream<String, Object> admit(KStream<String, Object> inputs, String name, Settings settings, boolean tombstonesAllowed) {
        Map<String, KStream<String, Object>> byPlace = inputs
                .process(() -> new EventAdmission(settings.rules(), settings.retention(), settings.partitions(), tombstonesAllowed),
                        Named.as(name + "-admission"))
                .split(Named.as(name + "-placement-"))
                .branch((key, value) -> value instanceof Misplaced, Branched.as("misplaced"))
                .defaultBranch(Branched.as("home"));
        KStream<String, Object> routedHome = byPlace.get(name + "-placement-misplaced")
                .mapValues(value -> ((Misplaced) value).event(), Named.as(name + "-misplaced-events"))
                .repartition(Repartitioned.<String, Object>as(name + "-misplaced")
                        .withKeySerde(Serdes.String()).withValueSerde(new EventEnvelopeSerde())
                        .withNumberOfPartitions(settings.partitions()));
        return byPlace.get(name + "-placement-home").merge(routedHome, Named.as(name + "-admitted"));
    }
}
