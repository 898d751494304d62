package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.catalogue.CatalogueChange;
import com.devsecopsmetrics.config.AlertSettings;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.ledger.LedgerReads;
import com.devsecopsmetrics.ledger.StoredFormatSerde;
import com.devsecopsmetrics.ledger.TimelineChanges;
import com.devsecopsmetrics.outputs.Alert;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Alerts of DESIGN §6. Each ledger task reports its share of every org and team scope when stream time completes
 * a day ({@link PartitionReporter}, attached to the ledger's sub-topology through the catalogue changes so it can
 * read the ledger's stores); the reports meet in one partition, where {@link AlertEvaluator} judges the whole
 * scope and publishes openings and clearings to {@code devsecops.alerts}, keyed by scope.
 */
public final class AlertTopology {
    /** alert id -> the alert as JSON ({@link AlertState}); what {@code GET /api/v1/alerts} reads. */
    public static final String ALERTS_STORE = "alerts";
    /** partition -> its newest report. */
    static final String REPORTS_STORE = "alerts-partition-reports";
    /** The last day evaluated. */
    static final String PROGRESS_STORE = "alerts-progress";
    /** Every report carries this key, so all of them meet in the one partition of the report topic. */
    public static final String REPORT_KEY = "reports";
    static final String REPORTER = "alerts-partition-reporter";
    static final String REPARTITION = "alerts-reports";
    static final String EVALUATOR = "alerts-evaluator";
    static final String SINK = "alerts-sink";

    private AlertTopology() {
    }

    public static void buildTopology(StreamsBuilder builder, EventSerdes serdes, KStream<String, CatalogueChange> catalogueChanges,
                                     AlertSettings settings, TimelineChanges timelineChanges) {
        for (String store : new String[]{ALERTS_STORE, REPORTS_STORE, PROGRESS_STORE}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
                            StoredFormatSerde.strings(store))
                    .withCachingDisabled());
        }
        catalogueChanges
                .process(() -> new PartitionReporter(settings, timelineChanges), Named.as(REPORTER),
                        LedgerReads.STORES.toArray(String[]::new))
                .repartition(Repartitioned.<String, String>as(REPARTITION).withKeySerde(Serdes.String()).withValueSerde(Serdes.String())
                        .withNumberOfPartitions(1))
                .process(() -> new AlertEvaluator(settings), Named.as(EVALUATOR), ALERTS_STORE, REPORTS_STORE, PROGRESS_STORE)
                .to(Topics.ALERTS, Produced.with(Serdes.String(), serdes.valueSerde(Alert.class)).withName(SINK));
    }
}
