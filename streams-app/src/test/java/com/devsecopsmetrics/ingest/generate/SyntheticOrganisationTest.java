package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.IncidentStatus;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticOrganisationTest {

    private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");
    private static final OrganisationSpec MODERATE = new OrganisationSpec(30, 120, 7L, END);

    private static List<Recorded> history;

    @BeforeAll
    static void generateModerateOrganisation() {
        history = Recorded.history(MODERATE);
    }

    private static <T> List<T> events(EventKind kind, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Recorded recorded : history) {
            if (recorded.kind().equals(kind)) {
                out.add(type.cast(recorded.event()));
            }
        }
        return out;
    }

    // ---- determinism ----------------------------------------------------------------------------

    @Test
    void sameSpecGivesTheSameEvents() {
        OrganisationSpec spec = new OrganisationSpec(12, 45, 99L, END);
        assertThat(Recorded.asJsonLines(Recorded.history(spec)))
                .isNotEmpty()
                .containsExactlyElementsOf(Recorded.asJsonLines(Recorded.history(spec)));
    }

    @Test
    void differentSeedGivesDifferentEvents() {
        List<String> one = Recorded.asJsonLines(Recorded.history(new OrganisationSpec(12, 45, 99L, END)));
        List<String> other = Recorded.asJsonLines(Recorded.history(new OrganisationSpec(12, 45, 100L, END)));
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void howTimeIsCutIntoWindowsDoesNotChangeTheHistory() {
        OrganisationSpec spec = new OrganisationSpec(12, 20, 5L, END);
        List<Recorded> windowed = new ArrayList<>();
        SyntheticOrganisation organisation = new SyntheticOrganisation(spec);
        Instant at = spec.start();
        long[] steps = {7, 13, 1, 29, 3}; // hours, irregular on purpose
        for (int i = 0; at.isBefore(END); i++) {
            Instant next = at.plus(Duration.ofHours(steps[i % steps.length]));
            next = next.isAfter(END) ? END : next;
            organisation.generateWindow(at, next, (kind, event) -> windowed.add(new Recorded(kind, event)));
            at = next;
        }
        assertThat(Recorded.asJsonLines(windowed)).containsExactlyElementsOf(Recorded.asJsonLines(Recorded.history(spec)));
    }

    @Test
    void liveWindowsContinueAfterTheHistoryDeterministically() {
        OrganisationSpec spec = new OrganisationSpec(20, 30, 11L, END);
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            SyntheticOrganisation organisation = SyntheticOrganisation.generate(spec, (kind, event) -> { });
            List<Recorded> live = new ArrayList<>();
            Instant from = END;
            for (int minute = 0; minute < 24 * 60; minute += 10) {
                Instant to = from.plus(Duration.ofMinutes(10));
                organisation.generateWindow(from, to, (kind, event) -> live.add(new Recorded(kind, event)));
                from = to;
            }
            assertThat(live).isNotEmpty();
            assertThat(live).allSatisfy(r -> assertThat(r.eventTime()).isBetween(END, END.plus(Duration.ofDays(1))));
            assertThat(live).extracting(Recorded::kind).contains(EventKind.COMMITS, EventKind.SCAN_RESULTS);
            runs.add(Recorded.asJsonLines(live));
        }
        assertThat(runs.get(0)).containsExactlyElementsOf(runs.get(1));
    }

    @Test
    void windowsMustFollowOn() {
        SyntheticOrganisation organisation = new SyntheticOrganisation(new OrganisationSpec(2, 2, 1L, END));
        assertThatThrownBy(() -> organisation.generateWindow(END, END.plusSeconds(60), (kind, event) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the contract is fully exercised ------------------------------------------------------

    @Test
    void everyKindAndEveryEnumSymbolAppears() {
        Map<String, Set<String>> seen = new TreeMap<>();
        Map<String, Set<String>> declared = new TreeMap<>();
        for (Recorded recorded : history) {
            collectEnums(recorded.event().getSchema(), recorded.event(), seen, declared);
        }
        assertThat(history).extracting(Recorded::kind).containsAll(java.util.List.of(EventKind.values()));
        assertThat(declared).containsOnlyKeys("Attestation", "DeploymentStatus", "EvidenceKind", "Exploitability",
                "FindingCategory", "FindingStatus", "HotfixCause", "IncidentKind", "IncidentStatus", "RollbackReason",
                "ScanOutcome", "ScanType", "SecurityGate", "Severity", "Tier");
        assertThat(seen).isEqualTo(declared);
    }

    @Test
    void everyOptionalFieldIsSometimesSetAndSometimesAbsent() {
        Map<String, Set<Boolean>> presence = new TreeMap<>();
        for (Recorded recorded : history) {
            for (Schema.Field field : recorded.event().getSchema().getFields()) {
                if (field.schema().getType() == Schema.Type.UNION) {
                    presence.computeIfAbsent(recorded.kind().kind() + "." + field.name(), k -> new HashSet<>())
                            .add(recorded.event().get(field.pos()) != null);
                }
            }
        }
        // finding_ids is always left null: a list would close unobserved findings.
        assertThat(presence.remove("scan-results.finding_ids")).containsExactly(false);
        // accepted_until only with OrganisationSpec#expiringAcceptances, which the pinned organisations leave off
        assertThat(presence.remove("findings.accepted_until")).containsExactly(false);
        assertThat(Recorded.history(new OrganisationSpec(12, 90, 99L, END, true))).anySatisfy(r ->
                assertThat(r.event() instanceof Finding f && f.getAcceptedUntil() != null).isTrue());
        assertThat(presence).isNotEmpty().allSatisfy((field, values) ->
                assertThat(values).as(field).containsExactlyInAnyOrder(true, false));
    }

    @Test
    void everyTimestampIsInsideTheHistoryAndEachKindIsInTimeOrder() {
        Instant start = MODERATE.start();
        for (Recorded recorded : history) {
            for (Schema.Field field : recorded.event().getSchema().getFields()) {
                if (field.schema().getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    assertThat((Instant) recorded.event().get(field.pos()))
                            .as(recorded.kind() + "." + field.name())
                            .isBetween(start, END);
                }
            }
        }
        assertThat(history).extracting(Recorded::eventTime).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void everyEventIsKeyedByAKnownService() {
        Set<String> services = new HashSet<>();
        for (Service service : events(EventKind.SERVICES, Service.class)) {
            services.add(service.getServiceId());
        }
        assertThat(services).hasSize(MODERATE.services());
        for (Recorded recorded : history) {
            assertThat((String) recorded.event().get(recorded.event().getSchema().getField("service_id").pos()))
                    .isIn(services);
        }
    }

    // ---- believable organisation ----------------------------------------------------------------

    @Test
    void catalogueHasOneEntryPerServiceAtTheStartThenAFewChanges() {
        List<Service> entries = events(EventKind.SERVICES, Service.class);
        List<Service> initial = entries.stream().filter(s -> s.getUpdatedAt().equals(MODERATE.start())).toList();
        assertThat(initial).hasSize(MODERATE.services());
        assertThat(entries.size() - initial.size()).isBetween(1, 15);

        Map<Tier, Long> tiers = new TreeMap<>();
        initial.forEach(s -> tiers.merge(s.getTier(), 1L, Long::sum));
        assertThat(tiers).containsEntry(Tier.TIER_1, 6L).containsEntry(Tier.TIER_2, 11L).containsEntry(Tier.TIER_3, 13L);
        assertThat(initial).extracting(Service::getTeam).containsOnly(
                "payments", "identity", "search", "platform", "data", "mobile");
        assertThat(initial).anySatisfy(s -> assertThat(s.getOwner()).isNull());
        assertThat(initial).anySatisfy(s -> assertThat(s.getRepos()).hasSize(3));
        assertThat(initial).allSatisfy(s -> assertThat(s.getRepos()).first().isEqualTo("acme/" + s.getServiceId() + "-api"));
    }

    @Test
    void findingLifecyclesMakeSense() {
        Map<String, List<Finding>> byFinding = new TreeMap<>();
        for (Finding finding : events(EventKind.FINDINGS, Finding.class)) {
            byFinding.computeIfAbsent(finding.getFindingId(), k -> new ArrayList<>()).add(finding);
        }
        Set<FindingStatus> transitions = new HashSet<>();
        int rescored = 0;
        for (Map.Entry<String, List<Finding>> entry : byFinding.entrySet()) {
            List<Finding> life = entry.getValue();
            assertThat(entry.getKey()).startsWith("F-" + life.get(0).getServiceId() + "-");
            assertThat(life.get(0).getStatus()).as(entry.getKey()).isEqualTo(FindingStatus.OPENED);
            boolean open = false;
            FindingStatus lastClosing = null;
            Instant previous = null;
            for (Finding event : life) {
                assertThat(event.getServiceId()).isEqualTo(life.get(0).getServiceId());
                if (previous != null) {
                    assertThat(event.getOccurredAt()).as(entry.getKey()).isAfter(previous);
                }
                previous = event.getOccurredAt();
                switch (event.getStatus()) {
                    case OPENED -> {
                        if (open && (event.getSeverity() != life.get(0).getSeverity()
                                || event.getExploitability() != life.get(0).getExploitability())) {
                            rescored++;
                        }
                        open = true;
                    }
                    case REOPENED -> {
                        assertThat(open).as(entry.getKey() + " reopened while open").isFalse();
                        assertThat(lastClosing).as(entry.getKey()).isIn(FindingStatus.FIXED, FindingStatus.RISK_ACCEPTED);
                        transitions.add(lastClosing);
                        open = true;
                    }
                    case FIXED, RISK_ACCEPTED, FALSE_POSITIVE -> {
                        assertThat(open).as(entry.getKey() + " closed while not open").isTrue();
                        open = false;
                        lastClosing = event.getStatus();
                    }
                    case TRIAGED -> {
                        if (event.getSeverity() != life.get(0).getSeverity()) {
                            rescored++;
                        }
                    }
                }
                assertThat(event.getCategory()).isEqualTo(life.get(0).getCategory());
                assertThat(event.getDefectClass()).isEqualTo(life.get(0).getDefectClass()).startsWith("CWE-");
            }
        }
        assertThat(transitions).as("reopened after a fix and after a risk acceptance")
                .containsExactlyInAnyOrder(FindingStatus.FIXED, FindingStatus.RISK_ACCEPTED);
        assertThat(rescored).isPositive();
    }

    @Test
    void failureLinksPointAtEarlierProductionDeployments() {
        Map<String, Deployment> production = new HashMap<>();
        int hotfixes = 0;
        int rollbacks = 0;
        for (Deployment deployment : events(EventKind.DEPLOYMENTS, Deployment.class)) {
            for (String target : new String[] {deployment.getHotfixFor(), deployment.getRollbackOf()}) {
                if (target != null) {
                    assertThat(production).containsKey(target);
                    assertThat(production.get(target).getServiceId()).isEqualTo(deployment.getServiceId());
                    assertThat(deployment.getEnvironment()).isEqualTo("production");
                }
            }
            hotfixes += deployment.getIsHotfix() ? 1 : 0;
            rollbacks += deployment.getRollbackOf() != null ? 1 : 0;
            assertThat(deployment.getIsHotfix()).isEqualTo(deployment.getHotfixFor() != null);
            assertThat(deployment.getHotfixCause() != null).isEqualTo(deployment.getIsHotfix());
            assertThat(deployment.getRollbackReason() != null).isEqualTo(deployment.getRollbackOf() != null);
            if (deployment.getEnvironment().equals("production") && deployment.getStatus() == DeploymentStatus.SUCCEEDED) {
                production.put(deployment.getDeploymentId(), deployment);
            }
        }
        int linked = 0;
        for (Incident incident : events(EventKind.INCIDENTS, Incident.class)) {
            if (incident.getCausedByDeploymentId() != null) {
                linked++;
                assertThat(production).containsKey(incident.getCausedByDeploymentId());
                assertThat(production.get(incident.getCausedByDeploymentId()).getDeployedAt())
                        .isBefore(incident.getOpenedAt());
            }
        }
        assertThat(hotfixes).isPositive();
        assertThat(rollbacks).isPositive();
        assertThat(linked).isPositive();
    }

    @Test
    void commitsShipOnceAndOnlyAfterTheyWereMade() {
        Map<String, Commit> commits = new HashMap<>();
        for (Commit commit : events(EventKind.COMMITS, Commit.class)) {
            assertThat(commits.put(commit.getCommitId(), commit)).as("duplicate commit id").isNull();
            assertThat(commit.getCommitId()).matches("[0-9a-f]{40}");
        }
        Set<String> shipped = new HashSet<>();
        Set<String> staged = new HashSet<>();
        int stagedThenShipped = 0;
        for (Deployment deployment : events(EventKind.DEPLOYMENTS, Deployment.class)) {
            for (String id : deployment.getCommitIds()) {
                assertThat(commits).containsKey(id);
                assertThat(commits.get(id).getServiceId()).isEqualTo(deployment.getServiceId());
                assertThat(commits.get(id).getCommittedAt()).isBefore(deployment.getDeployedAt());
                if (deployment.getEnvironment().equals("staging")) {
                    staged.add(id);
                } else if (deployment.getStatus() == DeploymentStatus.SUCCEEDED) {
                    assertThat(shipped.add(id)).as("commit shipped twice: " + id).isTrue();
                    stagedThenShipped += staged.contains(id) ? 1 : 0;
                }
            }
        }
        assertThat(stagedThenShipped).isPositive();
        assertThat(events(EventKind.DEPLOYMENTS, Deployment.class))
                .extracting(Deployment::getEnvironment).containsOnly("production", "staging");
    }

    @Test
    void deploymentTimingsAndGatesAreConsistent() {
        for (Deployment deployment : events(EventKind.DEPLOYMENTS, Deployment.class)) {
            if (deployment.getSecurityWaitMinutes() != null && deployment.getPipelineMinutes() != null) {
                assertThat(deployment.getSecurityWaitMinutes()).isBetween(0L, deployment.getPipelineMinutes());
            }
            if (deployment.getGateBypassReason() != null) {
                assertThat(deployment.getSecurityGate()).isEqualTo(SecurityGate.BYPASSED);
            }
        }
    }

    @Test
    void incidentsOpenThenResolveAndSomeAreStillOpen() {
        Map<String, Incident> opened = new HashMap<>();
        Set<String> resolved = new HashSet<>();
        for (Incident incident : events(EventKind.INCIDENTS, Incident.class)) {
            if (incident.getStatus() == IncidentStatus.OPENED) {
                assertThat(incident.getOccurredAt()).isEqualTo(incident.getOpenedAt());
                assertThat(opened.put(incident.getIncidentId(), incident)).isNull();
            } else {
                Incident start = opened.get(incident.getIncidentId());
                assertThat(start).as(incident.getIncidentId()).isNotNull();
                assertThat(incident.getOpenedAt()).isEqualTo(start.getOpenedAt());
                assertThat(incident.getOccurredAt()).isAfter(start.getOpenedAt());
                assertThat(incident.getKind()).isEqualTo(start.getKind());
                assertThat(incident.getCausedByDeploymentId()).isEqualTo(start.getCausedByDeploymentId());
                assertThat(resolved.add(incident.getIncidentId())).isTrue();
            }
        }
        assertThat(opened.size() - resolved.size()).as("still open at the end").isPositive();
    }

    @Test
    void someServicesLackPracticesAndTeamsDiffer() {
        Map<String, Set<String>> scanTypes = new TreeMap<>();
        events(EventKind.SERVICES, Service.class).forEach(s -> scanTypes.put(s.getServiceId(), new TreeSet<>()));
        for (ScanResult scan : events(EventKind.SCAN_RESULTS, ScanResult.class)) {
            scanTypes.get(scan.getServiceId()).add(scan.getScanType().name());
            assertThat(scan.getFindingIds()).isNull();
        }
        assertThat(scanTypes.values()).anySatisfy(types -> assertThat(types).hasSizeLessThan(4));
        assertThat(scanTypes.values()).anySatisfy(types -> assertThat(types).hasSizeGreaterThanOrEqualTo(6));

        Map<String, String> teamOf = new HashMap<>();
        Map<String, Integer> servicesPerTeam = new TreeMap<>();
        for (Service service : events(EventKind.SERVICES, Service.class)) {
            if (service.getUpdatedAt().equals(MODERATE.start())) {
                teamOf.put(service.getServiceId(), service.getTeam());
                servicesPerTeam.merge(service.getTeam(), 1, Integer::sum);
            }
        }
        Map<String, Double> perServicePerDay = new TreeMap<>();
        for (Deployment deployment : events(EventKind.DEPLOYMENTS, Deployment.class)) {
            if (deployment.getEnvironment().equals("production") && deployment.getStatus() == DeploymentStatus.SUCCEEDED) {
                String team = teamOf.get(deployment.getServiceId());
                perServicePerDay.merge(team, 1.0 / servicesPerTeam.get(team) / MODERATE.days(), Double::sum);
            }
        }
        System.out.println("production deployments per service per day, by team: " + perServicePerDay);
        double most = perServicePerDay.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double least = perServicePerDay.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(most).isGreaterThan(3 * least);
    }

    private static void collectEnums(Schema schema, Object value, Map<String, Set<String>> seen,
                                     Map<String, Set<String>> declared) {
        switch (schema.getType()) {
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    collectEnums(field.schema(), ((IndexedRecord) value).get(field.pos()), seen, declared);
                }
            }
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    declareEnums(branch, declared);
                    if (value != null && branch.getType() != Schema.Type.NULL) {
                        collectEnums(branch, value, seen, declared);
                    }
                }
            }
            case ARRAY -> {
                declareEnums(schema.getElementType(), declared);
                for (Object item : (List<?>) value) {
                    collectEnums(schema.getElementType(), item, seen, declared);
                }
            }
            case ENUM -> {
                declareEnums(schema, declared);
                seen.computeIfAbsent(schema.getName(), k -> new TreeSet<>()).add(value.toString());
            }
            default -> { }
        }
    }

    private static void declareEnums(Schema schema, Map<String, Set<String>> declared) {
        if (schema.getType() == Schema.Type.ENUM) {
            declared.computeIfAbsent(schema.getName(), k -> new TreeSet<>(schema.getEnumSymbols()));
        }
    }
}
