package com.devsecopsmetrics.query;

import com.devsecopsmetrics.catalogue.CatalogueTopology;
import com.devsecopsmetrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.coverage.ServiceSnapshots;
import com.devsecopsmetrics.coverage.StoreLedgerView;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ledger.KnownServices;
import com.devsecopsmetrics.ledger.LedgerStores;
import com.devsecopsmetrics.coverage.OpenFindings;
import com.devsecopsmetrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.coverage.SnapshotDebt;
import com.devsecopsmetrics.debt.DebtState;
import com.devsecopsmetrics.debt.RiskWeights;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ledger.DebtStateSerde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Snapshots as of the end of a day. Each instance answers for the partitions it holds as active: the coverage of
 * each service in the scope (one evidence value per service) and the scope's debt summed from its daily change
 * rows by tier; the instance asked combines everyone's answers.
 */
public final class SnapshotQueries {
    static final String INTERNAL_PATH = "/internal/v1/snapshot-services";

    /** One instance's share of a snapshot; {@code debt} is tier -> base64 of the binary debt state. */
    public record Share(List<ServiceSnapshot> services, Map<String, String> debt, List<OpenFindings.OpenFinding> openFindings) {
    }

    /** A scope's snapshot: its services' coverage, its debt by tier, and (for a service) its open findings. */
    public record Answer(List<ServiceSnapshot> services, Map<Tier, DebtState> debt, List<OpenFindings.OpenFinding> openFindings) {
    }

    private final KafkaStreams streams;
    private final InstanceRouter router;
    private final int lookbackDays;
    private final RiskWeights weights;

    public SnapshotQueries(KafkaStreams streams, InstanceRouter router, int lookbackDays, RiskWeights weights) {
        this.streams = streams;
        this.router = router;
        this.lookbackDays = lookbackDays;
        this.weights = weights;
    }

    /** The snapshot of the scope, from every instance. */
    public Answer query(Scope scope, LocalDate date) {
        Answer local = localAnswer(scope, date);
        Map<String, ServiceSnapshot> byId = new TreeMap<>();
        local.services().forEach(s -> byId.put(s.serviceId(), s));
        Map<Tier, DebtState> debt = new EnumMap<>(local.debt());
        List<OpenFindings.OpenFinding> open = new ArrayList<>(local.openFindings());
        String path = INTERNAL_PATH + "?scope=" + URLEncoder.encode(scope.toString(), StandardCharsets.UTF_8) + "&date=" + date;
        for (HostInfo host : router.otherInstances()) {
            var answer = router.forward(List.of(host), path)
                    .orElseThrow(() -> ApiError.unavailable("instance " + host + " does not answer; try again shortly"));
            Share share;
            try {
                share = ContractJson.mapper().readValue(answer.body(), Share.class);
            } catch (IOException e) {
                throw ApiError.unavailable("unreadable answer from instance " + host);
            }
            share.services().forEach(s -> byId.putIfAbsent(s.serviceId(), s));
            share.debt().forEach((tier, state) -> add(debt, Tier.valueOf(tier), DebtStateSerde.read(Base64.getDecoder().decode(state))));
            open.addAll(share.openFindings());
        }
        return new Answer(new ArrayList<>(byId.values()), debt, open);
    }

    /** This instance's share, as another instance asks for it. */
    public Share local(Scope scope, LocalDate date) {
        Answer answer = localAnswer(scope, date);
        Map<String, String> encoded = new TreeMap<>();
        answer.debt().forEach((tier, state) -> encoded.put(tier.name(), Base64.getEncoder().encodeToString(DebtStateSerde.write(state))));
        return new Share(answer.services(), encoded, answer.openFindings());
    }

    /**
     * This instance's share: each active partition's stores are read directly and whole (one store handle per
     * partition, no lookup per service), which is what keeps an org-wide snapshot over a thousand services fast.
     */
    private Answer localAnswer(Scope scope, LocalDate date) {
        List<ServiceSnapshot> snapshots = new ArrayList<>();
        Map<Tier, DebtState> debt = new EnumMap<>(Tier.class);
        List<OpenFindings.OpenFinding> open = new ArrayList<>();
        for (int partition : activePartitions()) {
            ReadOnlyKeyValueStore<String, Service> catalogue = store(CatalogueTopology.STORE, partition);
            ReadOnlyKeyValueStore<String, String> assignments = store(LedgerStores.ASSIGNMENTS, partition);
            ReadOnlyKeyValueStore<String, byte[]> evidence = store(LedgerStores.PRACTICE_EVIDENCE, partition);
            if (scope.kind() == Scope.Kind.SERVICE) {
                String service = scope.value();
                if (assignments.get(service) == null && catalogue.get(service) == null) {
                    continue;
                }
                StoreLedgerView view = new StoreLedgerView(catalogue, evidence, store(LedgerStores.SERVICE_DEBT_DAYS, partition),
                        store(LedgerStores.FINDING_TIMELINES, partition));
                ServiceSnapshot s = ServiceSnapshots.of(service, date, lookbackDays, view);
                snapshots.add(s);
                add(debt, s.tier(), view.debtAsOf(service, date).weighted(weights.of(s.tier())));
                open.addAll(OpenFindings.of(view.findingTimelines(service), date));
                continue;
            }
            Map<String, Service> entries = new HashMap<>();
            try (KeyValueIterator<String, Service> it = catalogue.all()) {
                it.forEachRemaining(kv -> entries.put(kv.key, kv.value));
            }
            Map<String, byte[]> evidenceByService = new HashMap<>();
            try (KeyValueIterator<String, byte[]> it = evidence.all()) {
                it.forEachRemaining(kv -> evidenceByService.put(kv.key, kv.value));
            }
            for (String service : KnownServices.of(assignments, catalogue)) {
                ServiceSnapshot s = ServiceSnapshots.of(service, entries.get(service),
                        PracticeEvidence.decode(evidenceByService.get(service)), date, lookbackDays);
                if (inScope(scope, s)) {
                    snapshots.add(s);
                }
            }
            SnapshotDebt.scopeAsOf(store(LedgerStores.SCOPE_DEBT_DAYS, partition), scope.rollupName(), date)
                    .forEach((tier, state) -> add(debt, Tier.valueOf(tier), state));
        }
        return new Answer(snapshots, debt, open);
    }

    /** Adds a share of debt; the first share of a tier is taken as it is rather than copied. */
    private static void add(Map<Tier, DebtState> debt, Tier tier, DebtState state) {
        debt.merge(tier, state, (mine, theirs) -> mine.merge(theirs, 1));
    }

    private Set<Integer> activePartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                // Only the ledger's tasks (which read the input topics) hold its stores; other sub-topologies' do not.
                task.topicPartitions().stream().filter(tp -> com.devsecopsmetrics.app.Topics.INPUTS.contains(tp.topic()))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("partition " + partition + " is not available here (" + e.getMessage() + "); try again shortly");
        }
    }

    private static boolean inScope(Scope scope, ServiceSnapshot s) {
        return switch (scope.kind()) {
            case ORG, SERVICE -> true;
            case TEAM -> scope.value().equals(s.team());
            case TIER -> scope.value().equals(s.tier().name());
            case EXPOSURE -> s.internetFacing();
        };
    }
}
