package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.admission.AdmittedInputs;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.EventTimeExtractor;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The service catalogue as a table: per service, the entry with the newest {@code updated_at}, whatever
 * order entries arrive in. Later topologies read tier and team from this store.
 */
public final class CatalogueTopology {
    public static final String STORE = "catalogue";
    static final String SOURCE = "catalogue-source";
    static final String PROCESSOR = "catalogue-newest-entry";

    private CatalogueTopology() {
    }

    /** Builds the catalogue and returns the stream of its changes, which the ledger uses to move history between scopes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static KStream<String, CatalogueChange> buildTopology(StreamsBuilder builder, EventSerdes serdes, AdmittedInputs.Settings admission) {
        Serde<Service> serviceSerde = serdes.valueSerde(Service.class);
        // The input topic speaks the registry's wire format; the store does not (RegistryHygiene).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), new CatalogueStoreSerde(serviceSerde.deserializer())));
        KStream<String, Object> entries = (KStream) builder.stream(Topics.SERVICES, Consumed.with(Serdes.String(), serviceSerde)
                .withTimestampExtractor(new EventTimeExtractor(admission.rules()))
                .withName(SOURCE));
        KStream<String, Service> admitted = (KStream) AdmittedInputs.admit(entries, "catalogue", admission, true);
        return admitted.process(NewestCatalogueEntry::new, Named.as(PROCESSOR), STORE);
    }
}
