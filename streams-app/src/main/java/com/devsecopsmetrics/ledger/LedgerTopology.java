package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.admission.AdmittedInputs;
import com.devsecopsmetrics.catalogue.CatalogueChange;
import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.EventTimeExtractor;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import com.devsecopsmetrics.outputs.ServiceSnapshotMetrics;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-service facts and day figures. Every input topic is keyed by service_id and co-partitioned, so the
 * whole ledger is one sub-topology with no repartition: a service's facts, days and catalogue entry live in
 * the same task.
 */
public final class LedgerTopology {
    static final String SOURCE = "ledger-events-source";
    static final String PROCESSOR = "ledger-service-ledger";
    static final String SINK = "ledger-daily-sink";
    static final String SNAPSHOT_SINK = "ledger-snapshot-sink";

    private LedgerTopology() {
    }

    /**
     * @param rollupInterval   how often, at most, changed service-days are folded into the roll-ups and published
     * @param snapshotInterval how often, at most, snapshots move on to newly completed days and republish changed ones
     */
    public record Settings(AdmittedInputs.Settings admission, Set<EvidenceKind> requiredEvidence, Duration rollupInterval,
                           Duration snapshotInterval, RiskWeights riskWeights, int lookbackDays,
                           Map<Severity, Integer> slaDays) {
    }

    /** @return the record of timeline changes its ledger tasks keep, for the alert reporters in the same tasks */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static TimelineChanges buildTopology(StreamsBuilder builder, EventSerdes serdes, KStream<String, CatalogueChange> catalogueChanges,
                                                Settings settings) {
        TaskCommits commits = new TaskCommits();
        TimelineChanges timelineChanges = new TimelineChanges();
        LedgerStores.addTo(builder, commits);
        KStream<String, Object> events = builder.stream(
                List.of(Topics.COMMITS, Topics.DEPLOYMENTS, Topics.INCIDENTS, Topics.SCAN_RESULTS, Topics.FINDINGS),
                Consumed.with(Serdes.String(), (Serde) serdes.eventSerde())
                        .withTimestampExtractor(new EventTimeExtractor(settings.admission().rules()))
                        .withName(SOURCE));
        KStream<String, Object> changes = (KStream) catalogueChanges;
        String[] stores = concat(LedgerStores.ALL, CatalogueTopology.STORE);
        AdmittedInputs.admit(events, "ledger", settings.admission(), false)
                .merge(changes, Named.as("ledger-with-catalogue-changes"))
                .process(() -> new ServiceLedger(settings, commits, timelineChanges),
                        Named.as(PROCESSOR), stores)
                .split(Named.as("ledger-output-"))
                .branch((key, value) -> value instanceof ServiceDailyMetrics, Branched.withConsumer(daily -> daily
                        .mapValues(v -> (ServiceDailyMetrics) v, Named.as("ledger-daily-values"))
                        .to(Topics.METRICS_DAILY, Produced.with(Serdes.String(), serdes.valueSerde(ServiceDailyMetrics.class)).withName(SINK)),
                        "daily"))
                .branch((key, value) -> value instanceof ServiceSnapshotMetrics, Branched.withConsumer(snapshots -> snapshots
                        .mapValues(v -> (ServiceSnapshotMetrics) v, Named.as("ledger-snapshot-values"))
                        .to(Topics.METRICS_SNAPSHOT, Produced.with(Serdes.String(), serdes.valueSerde(ServiceSnapshotMetrics.class))
                                .withName(SNAPSHOT_SINK)), "snapshot"))
                .noDefaultBranch();
        return timelineChanges;
    }

    private static String[] concat(List<String> stores, String extra) {
        String[] all = stores.toArray(new String[0]);
        String[] withExtra = Arrays.copyOf(all, all.length + 1);
        withExtra[all.length] = extra;
        return withExtra;
    }
}
