package com.devsecopsmetrics.query;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.ledger.DebtStateSerde;
import com.devsecopsmetrics.ledger.LedgerReads;
import com.devsecopsmetrics.ledger.ServiceSnapshots;
import com.devsecopsmetrics.metrics.coverage.LedgerView;
import com.devsecopsmetrics.metrics.coverage.OpenFindings;
import com.devsecopsmetrics.metrics.coverage.PracticeEvidence;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.debt.FindingDescription;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
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
    public static final String INTERNAL_PATH = "/internal/v1/snapshot-services";

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
    private final PartitionReaders readers;

    public SnapshotQueries(KafkaStreams streams, InstanceRouter router, PartitionReaders readers, int lookbackDays, RiskWeights weights) {
        this.streams = streams;
        this.router = router;
        this.readers = readers;
        this.lookbackDays = lookbackDays;
        this.weights = weights;
    }

    /** The snapshot of the scope, from a copy of every partition. */
    public Answer query(Scope scope, LocalDate date) {
        Map<Integer, Answer> shares = router.gather((partitions, standby) -> localAnswers(scope, date, partitions, standby),
                (partitions, standby) -> INTERNAL_PATH + "?scope=" + URLEncoder.encode(scope.toString(), StandardCharsets.UTF_8)
                        + "&date=" + date + "&" + InstanceRouter.partitionParameters(partitions, standby),
                SnapshotQueries::decode);
        List<ServiceSnapshot> services = new ArrayList<>();
        Map<Tier, DebtState> debt = new EnumMap<>(Tier.class);
        List<OpenFindings.OpenFinding> open = new ArrayList<>();
        shares.values().forEach(share -> { // in partition order, so that sums do not depend on which copy answered
            services.addAll(share.services());
            share.debt().forEach((tier, state) -> add(debt, tier, state));
            open.addAll(share.openFindings());
        });
        return new Answer(distinctById(services), debt, open);
    }

    /**
     * The services sorted by id (sums over them then do not depend on hash order), each once: the first share's,
     * as shares come in partition order. Each share lists its services in key order, so this sort merges a run per
     * partition rather than sorting from scratch.
     */
    private static List<ServiceSnapshot> distinctById(List<ServiceSnapshot> services) {
        services.sort(Comparator.comparing(ServiceSnapshot::serviceId)); // stable: equal ids keep partition order
        List<ServiceSnapshot> distinct = new ArrayList<>(services.size());
        for (ServiceSnapshot s : services) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).serviceId().equals(s.serviceId())) {
                distinct.add(s);
            }
        }
        return distinct;
    }

    /** This instance's shares of the partitions named, as another instance asks for them: {@code {"partitions":{"0":share}}}. */
    public Map<String, Map<String, Share>> local(Scope scope, LocalDate date, Set<Integer> partitions, boolean includeStandby) {
        Map<String, Share> encoded = new TreeMap<>();
        localAnswers(scope, date, partitions, includeStandby).forEach((partition, answer) -> {
            Map<String, String> debt = new TreeMap<>();
            answer.debt().forEach((tier, state) -> debt.put(tier.name(), Base64.getEncoder().encodeToString(DebtStateSerde.write(state))));
            encoded.put(String.valueOf(partition), new Share(answer.services(), debt, answer.openFindings()));
        });
        return Map.of("partitions", encoded);
    }

    private static Map<Integer, Answer> decode(String body) {
        Map<String, Map<String, Share>> parsed;
        try {
            parsed = ContractJson.mapper().readValue(body, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw ApiError.unavailable("unreadable answer from another instance");
        }
        Map<Integer, Answer> answers = new TreeMap<>();
        parsed.getOrDefault("partitions", Map.of()).forEach((partition, share) -> {
            Map<Tier, DebtState> debt = new EnumMap<>(Tier.class);
            share.debt().forEach((tier, state) -> debt.put(Tier.valueOf(tier), DebtStateSerde.read(Base64.getDecoder().decode(state))));
            answers.put(Integer.parseInt(partition), new Answer(share.services(), debt, share.openFindings()));
        });
        return answers;
    }

    /**
     * This instance's share of each partition named that it holds (active copies only unless {@code includeStandby}):
     * each partition's stores are read directly and whole (one store handle per partition, no lookup per service),
     * which is what keeps an org-wide snapshot over a thousand services fast, and the partitions side by side. A
     * partition whose stores cannot be read now (restoring, being moved) is left out, for another copy to answer.
     */
    private Map<Integer, Answer> localAnswers(Scope scope, LocalDate date, Set<Integer> wanted, boolean includeStandby) {
        List<Integer> partitions = localPartitions(includeStandby).stream().filter(wanted::contains).toList();
        return readers.read(partitions, partition -> localAnswer(scope, date, partition, includeStandby));
    }

    private Answer localAnswer(Scope scope, LocalDate date, int partition, boolean stale) {
        return answer(new LedgerReads(name -> store(name, partition, stale)), scope, date, lookbackDays, weights);
    }

    /** One task's share of a scope's snapshot as of the end of {@code date}, from its stores. */
    public static Answer answer(LedgerReads ledger, Scope scope, LocalDate date, int lookbackDays, RiskWeights weights) {
        List<ServiceSnapshot> snapshots = new ArrayList<>();
        Map<Tier, DebtState> debt = new EnumMap<>(Tier.class);
        List<OpenFindings.OpenFinding> open = new ArrayList<>();
        if (scope.kind() == Scope.Kind.SERVICE) {
            String service = scope.value();
            if (!ledger.knows(service)) {
                return new Answer(snapshots, debt, open);
            }
            LedgerView view = ledger.view();
            ServiceSnapshot s = ServiceSnapshots.of(service, date, lookbackDays, view);
            snapshots.add(s);
            add(debt, s.tier(), view.debtAsOf(service, date).weighted(weights.of(s.tier())));
            Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            OpenFindings.of(view.findingTimelines(service), date).forEach(f -> open.add(
                    f.described(FindingDescription.of(ledger.findingEvents(service, f.findingId()), end))));
            return new Answer(snapshots, debt, open);
        }
        Map<String, Service> entries = ledger.catalogue();
        Map<String, PracticeEvidence> evidenceByService = ledger.evidence(date.minusDays(lookbackDays - 1), date);
        for (String service : ledger.services(entries)) {
            ServiceSnapshot s = ServiceSnapshots.of(service, entries.get(service),
                    evidenceByService.getOrDefault(service, PracticeEvidence.decode(null)), date, lookbackDays);
            if (inScope(scope, s)) {
                snapshots.add(s);
            }
        }
        ledger.scopeDebtAsOf(scope.rollupName(), date)
                .forEach((tier, state) -> add(debt, Tier.valueOf(tier), state));
        return new Answer(snapshots, debt, open);
    }

    /** Adds a share of debt; the first share of a tier is taken as it is rather than copied. */
    private static void add(Map<Tier, DebtState> debt, Tier tier, DebtState state) {
        debt.merge(tier, state, (mine, theirs) -> mine.merge(theirs, 1));
    }

    /** The ledger's partitions this instance holds: active ones, and standbys too when asked. */
    private Set<Integer> localPartitions(boolean includeStandby) {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            List<TaskMetadata> tasks = new ArrayList<>(thread.activeTasks());
            if (includeStandby) {
                tasks.addAll(thread.standbyTasks());
            }
            for (TaskMetadata task : tasks) {
                // Only the ledger's tasks (which read the input topics) hold its stores; other sub-topologies' do not.
                task.topicPartitions().stream().filter(tp -> Topics.INPUTS.contains(tp.topic()))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    /** A store of one partition; a standby's copy too when {@code stale}. Throws {@link InvalidStateStoreException} when it cannot be read now. */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition);
        return streams.store(stale ? parameters.enableStaleStores() : parameters);
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
