package com.devsecopsmetrics.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Independent, brute-force reference computation of the period metrics of DESIGN.md section 4
 * (Delivery/DORA, Security overlays, Debt flow) and of its Snapshot (coverage and debt at the end of a
 * date, {@link #snapshot}), working only from the JSON form of the events
 * (section 3). It uses no production class: tests compare the production numbers against it.
 *
 * <p>Everything is derived once in the constructor (replacement/idempotency, newest attributes,
 * finding episodes); each query then filters by scope and period. Clarity over speed.
 */
public final class ReferenceMetrics {

    public static final Set<String> DEFAULT_REQUIRED_EVIDENCE = Set.of("SBOM", "SCAN_REPORT");
    public static final List<String> KINDS =
            List.of("services", "commits", "deployments", "incidents", "scan-results", "findings");

    private static final double MILLIS_PER_HOUR = 3_600_000.0;
    private static final double MILLIS_PER_DAY = 86_400_000.0;
    private static final double MILLIS_PER_MINUTE = 60_000.0;

    // ---------------------------------------------------------------- derived state

    /** A commit after replacement (one per service and commit_id). */
    private record Commit(String service, String id, Instant at) { }

    /** A deployment after replacement (one per service and deployment_id); node is the winning event. */
    private record Deployment(String service, String id, Instant at, JsonNode node) {
        boolean isProductionSucceeded() {
            return "production".equals(text(node, "environment")) && "SUCCEEDED".equals(text(node, "status"));
        }
        String gate() { return text(node, "security_gate"); }
        boolean isHotfix() { return node.path("is_hotfix").asBoolean(false); }
        String hotfixFor() { return text(node, "hotfix_for"); }
        String hotfixCause() { return text(node, "hotfix_cause"); }
        String rollbackOf() { return text(node, "rollback_of"); }
        String rollbackReason() { return text(node, "rollback_reason"); }
        Long pipelineMinutes() { return longOrNull(node, "pipeline_minutes"); }
        Long securityWaitMinutes() { return longOrNull(node, "security_wait_minutes"); }
        Set<String> evidence() { return textSet(node, "evidence"); }
        List<String> commitIds() { return new ArrayList<>(textSet(node, "commit_ids")); }
    }

    /** An incident: its newest event (attributes) and its newest RESOLVED event (null if none). */
    private record Incident(String service, String id, JsonNode newest, JsonNode newestResolved) { }

    /** One open episode of a finding; end and endStatus are null while it is still open. */
    private record Episode(Instant start, Instant end, String endStatus) { }

    /** A finding: attributes of its newest event, its episodes in order, its first TRIAGED time. */
    private record Finding(String service, String id, JsonNode newest, List<Episode> episodes, Instant firstTriaged) {
        String attr(String field) { return text(newest, field); }
        boolean inNewCode() { return newest.path("in_new_code").asBoolean(false); }
        Episode first() { return episodes.isEmpty() ? null : episodes.get(0); }
    }

    /**
     * A step of a finding's timeline; conditionalReopen marks the synthetic REOPENED of a complete scan; source is
     * the finding's own event (null for a scan's steps); expiryOf marks the synthetic REOPENED at an acceptance's
     * accepted_until and names that acceptance.
     */
    private record Step(Instant at, String status, boolean synthetic, boolean conditionalReopen, JsonNode source, JsonNode expiryOf) {
        Step(Instant at, String status, boolean synthetic, boolean conditionalReopen) {
            this(at, status, synthetic, conditionalReopen, null, null);
        }
    }

    private final Set<String> requiredEvidence;
    /** kind -> every raw event of that kind (snapshots re-derive state from the events before their end). */
    private final Map<String, List<JsonNode>> rawEvents = new HashMap<>();
    /** service_id -> newest catalogue entry. */
    private final Map<String, JsonNode> catalogue = new HashMap<>();
    private final Set<String> allServices = new LinkedHashSet<>();
    private final List<Commit> commits = new ArrayList<>();
    /** Production, succeeded deployments ("deployments" in the sense of DESIGN section 4). */
    private final List<Deployment> deployments = new ArrayList<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    /** (service, commit_id) -> earliest deployment (by deployed_at, then deployment_id) that lists it. */
    private final Map<List<String>, Deployment> earliestDeploymentOfCommit = new HashMap<>();
    private final Set<String> failedDeploymentIds = new HashSet<>();
    private final Set<String> securityFailedDeploymentIds = new HashSet<>();
    /** Gate-bypass resolution samples: [service, next passed deployment's time, hours]. */
    private final List<Object[]> bypassResolutions = new ArrayList<>();

    // ---------------------------------------------------------------- construction

    public ReferenceMetrics(Map<String, List<JsonNode>> events) {
        this(events, DEFAULT_REQUIRED_EVIDENCE);
    }

    /**
     * @param events           kind name ("services", "commits", "deployments", "incidents", "scan-results",
     *                         "findings") -> the JSON events of that kind, in any order
     * @param requiredEvidence the evidence kinds a release must carry (null = SBOM and SCAN_REPORT)
     */
    public ReferenceMetrics(Map<String, List<JsonNode>> events, Set<String> requiredEvidence) {
        this.requiredEvidence = Set.copyOf(requiredEvidence == null ? DEFAULT_REQUIRED_EVIDENCE : requiredEvidence);
        for (String kind : events.keySet()) {
            if (!KINDS.contains(kind)) throw new IllegalArgumentException("unknown kind: " + kind);
        }
        Map<String, List<JsonNode>> ev = new HashMap<>();
        for (String kind : KINDS) {
            ev.put(kind, events.getOrDefault(kind, List.of()));
            for (JsonNode node : ev.get(kind)) allServices.add(required(node, "service_id"));
        }
        rawEvents.putAll(ev);
        buildCatalogue(ev.get("services"));
        buildCommits(ev.get("commits"));
        buildDeployments(ev.get("deployments"));
        buildIncidents(ev.get("incidents"));
        buildFindings(ev.get("findings"), ev.get("scan-results"));
        buildFailures();
        buildBypassResolutions();
    }

    public static ReferenceMetrics fromDirectory(Path dir) {
        return fromDirectory(dir, DEFAULT_REQUIRED_EVIDENCE);
    }

    /** Reads {@code <kind>.jsonl} for each of the six kinds, if present (blank lines skipped). */
    public static ReferenceMetrics fromDirectory(Path dir, Set<String> requiredEvidence) {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<JsonNode>> events = new HashMap<>();
        for (String kind : KINDS) {
            Path file = dir.resolve(kind + ".jsonl");
            List<JsonNode> list = new ArrayList<>();
            if (Files.exists(file)) {
                try {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) list.add(mapper.readTree(line));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
            events.put(kind, list);
        }
        return new ReferenceMetrics(events, requiredEvidence);
    }

    /** Replacement rule: newer event time wins; at equal time the greater JSON text; exact duplicates are one. */
    private static boolean replaces(JsonNode candidate, JsonNode current, String timeField) {
        int byTime = time(candidate, timeField).compareTo(time(current, timeField));
        if (byTime != 0) return byTime > 0;
        return candidate.toString().compareTo(current.toString()) > 0;
    }

    /** Groups by (service_id, idField) and keeps the winning version of each. */
    private static Map<List<String>, JsonNode> newestVersions(List<JsonNode> events, String idField, String timeField) {
        Map<List<String>, JsonNode> result = new LinkedHashMap<>();
        for (JsonNode e : events) {
            List<String> key = List.of(required(e, "service_id"), required(e, idField));
            JsonNode current = result.get(key);
            if (current == null || replaces(e, current, timeField)) result.put(key, e);
        }
        return result;
    }

    private void buildCatalogue(List<JsonNode> services) {
        newestVersions(services, "service_id", "updated_at").forEach((key, node) -> catalogue.put(key.get(0), node));
    }

    private void buildCommits(List<JsonNode> events) {
        newestVersions(events, "commit_id", "committed_at").forEach((key, node) ->
                commits.add(new Commit(key.get(0), key.get(1), time(node, "committed_at"))));
    }

    private void buildDeployments(List<JsonNode> events) {
        newestVersions(events, "deployment_id", "deployed_at").forEach((key, node) -> {
            Deployment d = new Deployment(key.get(0), key.get(1), time(node, "deployed_at"), node);
            if (d.isProductionSucceeded()) deployments.add(d);
        });
        Comparator<Deployment> byTimeThenId = Comparator.comparing(Deployment::at).thenComparing(Deployment::id);
        deployments.sort(byTimeThenId);
        for (Deployment d : deployments) {
            for (String commitId : d.commitIds()) {
                List<String> key = List.of(d.service(), commitId);
                Deployment current = earliestDeploymentOfCommit.get(key);
                if (current == null || byTimeThenId.compare(d, current) < 0) earliestDeploymentOfCommit.put(key, d);
            }
        }
    }

    private static int incidentStatusRank(String status) {
        return "RESOLVED".equals(status) ? 1 : 0; // OPENED < RESOLVED
    }

    private void buildIncidents(List<JsonNode> events) {
        // Newest = max by (occurred_at, status order, JSON text); exact duplicates are harmless for a max.
        Comparator<JsonNode> newestOrder = Comparator
                .comparing((JsonNode e) -> time(e, "occurred_at"))
                .thenComparing(e -> incidentStatusRank(text(e, "status")))
                .thenComparing(JsonNode::toString);
        Map<List<String>, List<JsonNode>> byIncident = groupBy(events, "incident_id");
        byIncident.forEach((key, list) -> {
            JsonNode newest = list.stream().max(newestOrder).orElseThrow();
            JsonNode newestResolved = list.stream()
                    .filter(e -> "RESOLVED".equals(text(e, "status")))
                    .max(newestOrder).orElse(null);
            incidents.add(new Incident(key.get(0), key.get(1), newest, newestResolved));
        });
    }

    /** Status order of findings: OPENED < TRIAGED < REOPENED < RISK_ACCEPTED = FALSE_POSITIVE < FIXED. */
    private static int findingStatusRank(String status) {
        switch (status) {
            case "OPENED": return 0;
            case "TRIAGED": return 1;
            case "REOPENED": return 2;
            case "RISK_ACCEPTED":
            case "FALSE_POSITIVE": return 3;
            case "FIXED": return 4;
            default: throw new IllegalArgumentException("unknown finding status: " + status);
        }
    }

    private void buildFindings(List<JsonNode> events, List<JsonNode> scanEvents) {
        findings.addAll(deriveFindings(events, scanEvents));
    }

    /**
     * Reads finding lifecycle events and (complete) scan results into findings with episodes per DESIGN
     * section 3. Pure function of its inputs, so a snapshot can re-run it on the events before its end.
     */
    private static List<Finding> deriveFindings(List<JsonNode> events, List<JsonNode> scanEvents) {
        return deriveFindings(events, scanEvents, null);
    }

    /** As above, with the acceptances that lapse at or after {@code horizon} (when not null) still in force. */
    private static List<Finding> deriveFindings(List<JsonNode> events, List<JsonNode> scanEvents, Instant horizon) {
        List<Finding> findings = new ArrayList<>();
        // 1. Per finding: idempotency on (status, occurred_at); a conflicting duplicate keeps the greater JSON text.
        Map<List<String>, Map<List<Object>, JsonNode>> perFinding = new LinkedHashMap<>();
        for (JsonNode e : events) {
            List<String> key = List.of(required(e, "service_id"), required(e, "finding_id"));
            List<Object> eventKey = List.of(required(e, "status"), time(e, "occurred_at"));
            Map<List<Object>, JsonNode> unique = perFinding.computeIfAbsent(key, k -> new LinkedHashMap<>());
            JsonNode current = unique.get(eventKey);
            if (current == null || e.toString().compareTo(current.toString()) > 0) unique.put(eventKey, e);
        }

        // 2. Attributes: the newest event overall, by (occurred_at, status order, status name).
        Comparator<JsonNode> newestOrder = Comparator
                .comparing((JsonNode e) -> time(e, "occurred_at"))
                .thenComparing(e -> findingStatusRank(text(e, "status")))
                .thenComparing(e -> text(e, "status"));
        Map<List<String>, JsonNode> newestOf = new LinkedHashMap<>();
        Map<List<String>, List<Step>> timelines = new LinkedHashMap<>();
        perFinding.forEach((key, unique) -> {
            newestOf.put(key, unique.values().stream().max(newestOrder).orElseThrow());
            List<Step> steps = new ArrayList<>();
            for (JsonNode e : unique.values()) {
                steps.add(new Step(time(e, "occurred_at"), text(e, "status"), false, false, e, null));
                // An acceptance's end is a REOPENED at accepted_until, applied only if that acceptance is still the one in force
                if ("RISK_ACCEPTED".equals(text(e, "status")) && text(e, "accepted_until") != null) {
                    Instant until = time(e, "accepted_until");
                    if (horizon == null || until.isBefore(horizon)) {
                        steps.add(new Step(until, "REOPENED", true, false, null, e));
                    }
                }
            }
            timelines.put(key, steps);
        });

        // 3. Complete scans (finding_ids present) become synthetic events for the findings of the same
        //    service whose newest scanner is the scan's scanner: FIXED if not observed, else a REOPENED
        //    that only reopens a finding whose last episode ended by FIXED. Scan results follow the
        //    replacement rule (newest completed_at, then JSON text) first.
        for (JsonNode scan : newestVersions(scanEvents, "scan_id", "completed_at").values()) {
            JsonNode ids = scan.get("finding_ids");
            String scanner = text(scan, "scanner");
            if (ids == null || ids.isNull() || scanner == null) continue;
            Set<String> observed = textSet(scan, "finding_ids");
            String service = required(scan, "service_id");
            Instant at = time(scan, "completed_at");
            newestOf.forEach((key, newest) -> {
                if (!key.get(0).equals(service) || !scanner.equals(text(newest, "scanner"))) return;
                boolean seen = observed.contains(key.get(1));
                timelines.get(key).add(new Step(at, seen ? "REOPENED" : "FIXED", true, seen));
            });
        }

        // 4. Read each timeline in event-time order into episodes.
        Comparator<Step> stepOrder = Comparator
                .comparing(Step::at)
                .thenComparing(s -> findingStatusRank(s.status()))
                .thenComparing(Step::status)
                .thenComparing(Step::synthetic); // real before synthetic at an exact tie (no effect on results)
        timelines.forEach((key, steps) -> {
            steps.sort(stepOrder);
            List<Episode> episodes = new ArrayList<>();
            Instant openSince = null; // non-null while the finding is open
            Instant firstTriaged = null;
            JsonNode lastClosing = null; // the newest own FIXED, RISK_ACCEPTED or FALSE_POSITIVE read so far, in force or not
            for (Step s : steps) {
                if (s.source() != null && Set.of("FIXED", "RISK_ACCEPTED", "FALSE_POSITIVE").contains(s.status())) {
                    lastClosing = s.source();
                }
                switch (s.status()) {
                    case "OPENED":
                    case "REOPENED":
                        if (openSince != null) break; // while open: attributes only
                        if (s.expiryOf() != null) {
                            // lapses only while accepted and while that acceptance is the finding's newest closing word
                            Episode last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
                            if (last == null || !"RISK_ACCEPTED".equals(last.endStatus()) || lastClosing != s.expiryOf()) break;
                        }
                        if (s.conditionalReopen()) {
                            Episode last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
                            if (last == null || !"FIXED".equals(last.endStatus())) break;
                        }
                        openSince = s.at();
                        break;
                    case "FIXED":
                    case "RISK_ACCEPTED":
                    case "FALSE_POSITIVE":
                        if (openSince == null) break; // not open: ignored
                        episodes.add(new Episode(openSince, s.at(), s.status()));
                        openSince = null;
                        break;
                    case "TRIAGED":
                        if (firstTriaged == null) firstTriaged = s.at(); // steps are time-ordered
                        break;
                    default:
                        throw new IllegalArgumentException("unknown finding status: " + s.status());
                }
            }
            if (openSince != null) episodes.add(new Episode(openSince, null, null));
            findings.add(new Finding(key.get(0), key.get(1), newestOf.get(key), episodes, firstTriaged));
        });
        return findings;
    }

    private void buildFailures() {
        for (Incident i : incidents) {
            String caused = text(i.newest(), "caused_by_deployment_id");
            if (caused == null) continue;
            failedDeploymentIds.add(caused);
            if (i.newest().path("security_related").asBoolean(false)) securityFailedDeploymentIds.add(caused);
        }
        for (Deployment link : deployments) { // only production-succeeded deployments link
            if (link.rollbackOf() != null) {
                failedDeploymentIds.add(link.rollbackOf());
                if ("SECURITY".equals(link.rollbackReason())) securityFailedDeploymentIds.add(link.rollbackOf());
            }
            if (link.hotfixFor() != null) {
                failedDeploymentIds.add(link.hotfixFor());
                if ("SECURITY_CONTROL_GAP".equals(link.hotfixCause())) securityFailedDeploymentIds.add(link.hotfixFor());
            }
        }
    }

    private void buildBypassResolutions() {
        for (Deployment bypassed : deployments) {
            if (!"BYPASSED".equals(bypassed.gate())) continue;
            deployments.stream() // sorted by (deployed_at, id): the first match is the next one
                    .filter(d -> d.service().equals(bypassed.service()))
                    .filter(d -> "PASSED".equals(d.gate()))
                    .filter(d -> d.at().isAfter(bypassed.at()))
                    .findFirst()
                    .ifPresent(next -> bypassResolutions.add(new Object[] {
                            next.service(), next.at(), hours(bypassed.at(), next.at())}));
        }
    }

    // ---------------------------------------------------------------- queries

    /** Delivery (DORA) metrics of DESIGN section 4 for a scope and the period [from, to). */
    public Map<String, Object> dora(String scope, LocalDate from, LocalDate to) {
        Predicate<String> inScope = scope(scope);
        List<Deployment> deps = deploymentsIn(inScope, from, to);
        long n = deps.size();
        long days = ChronoUnit.DAYS.between(from, to);

        List<Double> lead = new ArrayList<>();
        for (Commit c : commits) {
            Deployment d = earliestDeploymentOfCommit.get(List.of(c.service(), c.id()));
            if (d == null || !inScope.test(d.service()) || !inPeriod(d.at(), from, to)) continue;
            double h = hours(c.at(), d.at());
            if (h >= 0) lead.add(h);
        }

        long failed = deps.stream().filter(d -> failedDeploymentIds.contains(d.id())).count();
        long securityFailed = deps.stream().filter(d -> securityFailedDeploymentIds.contains(d.id())).count();

        List<Double> restore = new ArrayList<>();
        for (Incident i : incidents) {
            JsonNode r = i.newestResolved();
            if (r == null || !inScope.test(i.service()) || !inPeriod(time(r, "occurred_at"), from, to)) continue;
            restore.add(hours(time(r, "opened_at"), time(r, "occurred_at")));
        }

        long rework = deps.stream().filter(d -> d.isHotfix() || d.rollbackOf() != null).count();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployments", n);
        m.put("deployments_per_day", ratio(n, days));
        m.put("lead_time_hours_p50", percentileCont(lead, 0.5));
        m.put("lead_time_hours_p90", percentileCont(lead, 0.9));
        m.put("lead_time_samples", (long) lead.size());
        m.put("change_failure_rate", ratio(failed, n));
        m.put("failed_deployments", failed);
        m.put("security_failed_deployments", securityFailed);
        m.put("time_to_restore_hours_p50", percentileCont(restore, 0.5));
        m.put("time_to_restore_hours_mean", mean(restore));
        m.put("incidents_resolved", (long) restore.size());
        m.put("rework_rate", ratio(rework, n));
        return m;
    }

    /** Security overlays of DESIGN section 4 for a scope and the period [from, to). */
    public Map<String, Object> security(String scope, LocalDate from, LocalDate to) {
        Predicate<String> inScope = scope(scope);
        List<Deployment> deps = deploymentsIn(inScope, from, to);
        long n = deps.size();

        long withEvidence = deps.stream().filter(d -> d.evidence().containsAll(requiredEvidence)).count();
        long bypassed = deps.stream().filter(d -> "BYPASSED".equals(d.gate())).count();
        long passed = deps.stream().filter(d -> "PASSED".equals(d.gate())).count();

        List<Double> resolution = new ArrayList<>();
        for (Object[] r : bypassResolutions) {
            if (inScope.test((String) r[0]) && inPeriod((Instant) r[1], from, to)) resolution.add((Double) r[2]);
        }

        List<Double> remediationDays = new ArrayList<>();
        List<Double> rotationHours = new ArrayList<>();
        long secretExposures = 0;
        for (Finding f : findingsIn(inScope)) {
            String exploitability = f.attr("exploitability");
            boolean exploitable = "PROVEN".equals(exploitability) || "LIKELY".equals(exploitability);
            boolean secret = "SECRET".equals(f.attr("category"));
            for (Episode e : f.episodes()) {
                if (!"FIXED".equals(e.endStatus()) || !inPeriod(e.end(), from, to)) continue;
                if (exploitable) remediationDays.add(days(e.start(), e.end()));
                if (secret) rotationHours.add(hours(e.start(), e.end()));
            }
            if (secret && f.first() != null && inPeriod(f.first().start(), from, to)) secretExposures++;
        }

        long commitCount = commits.stream()
                .filter(c -> inScope.test(c.service()) && inPeriod(c.at(), from, to)).count();

        long hotfixes = deps.stream().filter(Deployment::isHotfix).count();
        long securityHotfixes = deps.stream()
                .filter(d -> d.isHotfix() && "SECURITY_CONTROL_GAP".equals(d.hotfixCause())).count();

        List<Double> waits = new ArrayList<>();
        long waitSum = 0;
        long pipelineSum = 0;
        boolean anyBoth = false;
        for (Deployment d : deps) {
            Long wait = d.securityWaitMinutes();
            Long pipeline = d.pipelineMinutes();
            if (wait != null) waits.add(wait.doubleValue());
            if (wait != null && pipeline != null) {
                anyBoth = true;
                waitSum += wait;
                pipelineSum += pipeline;
            }
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release_evidence_rate", ratio(withEvidence, n));
        m.put("gate_bypass_rate", ratio(bypassed, bypassed + passed));
        m.put("gate_bypasses", bypassed);
        m.put("gate_bypass_resolution_hours_mean", mean(resolution));
        m.put("exploitable_remediation_days_p50", percentileCont(remediationDays, 0.5));
        m.put("security_hotfix_share", ratio(securityHotfixes, hotfixes));
        m.put("secret_rotation_hours_mean", mean(rotationHours));
        m.put("secret_exposures_per_1k_commits", commitCount == 0 ? null : secretExposures * 1000.0 / commitCount);
        m.put("commits", commitCount);
        m.put("security_wait_minutes_p50", percentileCont(waits, 0.5));
        m.put("security_wait_share", anyBoth ? ratio(waitSum, pipelineSum) : null);
        return m;
    }

    /** Debt flow of DESIGN section 4 for a scope and the period [from, to). */
    public Map<String, Object> debtFlow(String scope, LocalDate from, LocalDate to) {
        Predicate<String> inScope = scope(scope);
        long intake = 0;
        long fixed = 0;
        long reopened = 0;
        long newCode = 0;
        double newCodeRisk = 0.0;
        List<Double> triage = new ArrayList<>();
        Map<String, Long> intakeByClass = new TreeMap<>();
        for (Finding f : findingsIn(inScope)) {
            List<Episode> episodes = f.episodes();
            for (int k = 0; k < episodes.size(); k++) {
                Episode e = episodes.get(k);
                if ("FIXED".equals(e.endStatus()) && inPeriod(e.end(), from, to)) fixed++;
                if (k > 0 && inPeriod(e.start(), from, to)) reopened++;
            }
            Episode first = f.first();
            if (first != null && f.firstTriaged() != null && inPeriod(f.firstTriaged(), from, to)
                    && !f.firstTriaged().isBefore(first.start())) {
                triage.add(hours(first.start(), f.firstTriaged()));
            }
            if (first == null || !inPeriod(first.start(), from, to)) continue;
            intake++;
            if (f.attr("defect_class") != null) intakeByClass.merge(f.attr("defect_class"), 1L, Long::sum);
            if (f.inNewCode()) {
                newCode++;
                newCodeRisk += risk(f);
            }
        }
        List<String> top = intakeByClass.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5)
                .map(Map.Entry::getKey)
                .toList();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intake", intake);
        m.put("fixed", fixed);
        m.put("fix_to_intake_ratio", ratio(fixed, intake));
        m.put("reopened", reopened);
        m.put("reopen_rate", ratio(reopened, fixed));
        m.put("triage_hours_mean", mean(triage));
        m.put("new_code_findings", newCode);
        m.put("new_code_risk", newCodeRisk);
        m.put("top_defect_classes", top);
        Map<String, Long> topIntake = new LinkedHashMap<>();
        top.forEach(c -> topIntake.put(c, intakeByClass.get(c)));
        m.put("top_defect_class_intake", topIntake);
        return m;
    }

    // ---------------------------------------------------------------- snapshot

    /** The eight practices, in report order. */
    public static final List<String> PRACTICES = List.of("SECRET_SCANNING", "SAST", "DEPENDENCY_SCANNING",
            "CI_GATE", "RELEASE_EVIDENCE", "THREAT_MODEL", "LOGGING_RECOVERY", "OWNER_DEFINED");
    private static final List<String> TIERS = List.of("TIER_1", "TIER_2", "TIER_3");
    private static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");
    /** DESIGN §6 default remediation SLA in days per severity. */
    private static final Map<String, Integer> SLA_DAYS = Map.of("CRITICAL", 7, "HIGH", 30, "MEDIUM", 90, "LOW", 120);
    private static final Map<String, Integer> COVERAGE_TIER_WEIGHTS = Map.of("TIER_1", 5, "TIER_2", 3, "TIER_3", 1);
    private static final int COVERAGE_LOOKBACK_DAYS = 30;

    /**
     * Snapshot of DESIGN section 4 at the end of UTC day {@code date}: {"coverage": {...}, "debt": {...}}.
     * Only events whose event time is before the end (start of date+1, UTC) exist for it: replacement,
     * newest attributes and episodes are derived from those events alone. Tier, team and the catalogue entry
     * used by coverage are the current (newest overall) ones.
     */
    public Map<String, Object> snapshot(String scope, LocalDate date) {
        Predicate<String> inScope = scope(scope);
        Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant lookbackStart = date.minusDays(COVERAGE_LOOKBACK_DAYS - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("coverage", coverageSnapshot(inScope, lookbackStart, end));
        m.put("debt", debtSnapshot(inScope, end));
        return m;
    }

    private static List<JsonNode> before(List<JsonNode> events, String timeField, Instant end) {
        return events.stream().filter(e -> time(e, timeField).isBefore(end)).toList();
    }

    private Map<String, Object> debtSnapshot(Predicate<String> inScope, Instant end) {
        List<Finding> asOfEnd = deriveFindings(
                before(rawEvents.get("findings"), "occurred_at", end),
                before(rawEvents.get("scan-results"), "completed_at", end), end);
        double riskIndex = 0.0;
        double acceptedRiskIndex = 0.0;
        long open = 0;
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> bySeverity.put(s, 0L));
        Map<String, List<Double>> critHighAgesByTier = new LinkedHashMap<>();
        TIERS.forEach(t -> critHighAgesByTier.put(t, new ArrayList<>()));
        List<Double> exploitableAges = new ArrayList<>();
        Map<String, Long> pastSlaByTier = new LinkedHashMap<>();
        TIERS.forEach(t -> pastSlaByTier.put(t, 0L));
        for (Finding f : asOfEnd) {
            if (!inScope.test(f.service()) || f.episodes().isEmpty()) continue;
            Episode last = f.episodes().get(f.episodes().size() - 1);
            if (last.end() == null) {
                open++;
                riskIndex += risk(f);
                String severity = f.attr("severity");
                bySeverity.merge(severity, 1L, Long::sum);
                if (days(last.start(), end) > SLA_DAYS.get(severity)) {
                    pastSlaByTier.merge(tierOf(f.service()), 1L, Long::sum);
                }
                if ("CRITICAL".equals(severity) || "HIGH".equals(severity)) {
                    double age = days(last.start(), end);
                    critHighAgesByTier.computeIfAbsent(tierOf(f.service()), t -> new ArrayList<>()).add(age);
                    String exploitability = f.attr("exploitability");
                    if ("PROVEN".equals(exploitability) || "LIKELY".equals(exploitability)) exploitableAges.add(age);
                }
            } else if ("RISK_ACCEPTED".equals(last.endStatus())) {
                acceptedRiskIndex += risk(f);
            }
        }
        Map<String, Double> p50ByTier = new LinkedHashMap<>();
        Map<String, Double> maxByTier = new LinkedHashMap<>();
        for (String tier : TIERS) {
            List<Double> ages = critHighAgesByTier.get(tier);
            p50ByTier.put(tier, percentileCont(ages, 0.5));
            maxByTier.put(tier, ages.isEmpty() ? null : ages.stream().mapToDouble(Double::doubleValue).max().getAsDouble());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("risk_index", riskIndex);
        m.put("accepted_risk_index", acceptedRiskIndex);
        m.put("open_findings", open);
        m.put("open_by_severity", bySeverity);
        m.put("open_critical_high_age_days_p50_by_tier", p50ByTier);
        m.put("open_critical_high_age_days_max_by_tier", maxByTier);
        m.put("exploitable_critical_high_age_days_p50", percentileCont(exploitableAges, 0.5));
        m.put("past_sla_by_tier", pastSlaByTier);
        m.put("tier1_findings_past_sla", pastSlaByTier.get("TIER_1"));
        return m;
    }


    private Map<String, Object> coverageSnapshot(Predicate<String> inScope, Instant lookbackStart, Instant end) {
        Predicate<Instant> inLookback = t -> !t.isBefore(lookbackStart) && t.isBefore(end);
        // Scans: replacement among the versions before the end, then the lookback and the outcome.
        Map<String, Set<String>> scanTypes = new HashMap<>(); // service -> scan types of counting scans
        newestVersions(before(rawEvents.get("scan-results"), "completed_at", end), "scan_id", "completed_at")
                .forEach((key, scan) -> {
                    if (!inLookback.test(time(scan, "completed_at")) || "ERROR".equals(text(scan, "outcome"))) return;
                    String type = text(scan, "scan_type");
                    if (type != null) scanTypes.computeIfAbsent(key.get(0), k -> new HashSet<>()).add(type);
                });
        // Deployments: replacement among the versions before the end; newest production-succeeded in lookback.
        Map<String, Deployment> newestDeployment = new HashMap<>();
        Comparator<Deployment> byTimeThenId = Comparator.comparing(Deployment::at).thenComparing(Deployment::id);
        newestVersions(before(rawEvents.get("deployments"), "deployed_at", end), "deployment_id", "deployed_at")
                .forEach((key, node) -> {
                    Deployment d = new Deployment(key.get(0), key.get(1), time(node, "deployed_at"), node);
                    if (!d.isProductionSucceeded() || !inLookback.test(d.at())) return;
                    newestDeployment.merge(d.service(), d, (a, b) -> byTimeThenId.compare(a, b) >= 0 ? a : b);
                });

        Map<String, List<String>> servicePractices = new TreeMap<>();
        Map<String, Boolean> imageAndOwner = new TreeMap<>();
        Map<String, Boolean> apiLint = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : catalogue.entrySet()) {
            String service = entry.getKey();
            if (!inScope.test(service)) continue;
            JsonNode node = entry.getValue();
            Set<String> types = scanTypes.getOrDefault(service, Set.of());
            Deployment newest = newestDeployment.get(service);
            Set<String> attestations = textSet(node, "attestations");
            String owner = text(node, "owner");
            String escalation = text(node, "escalation_path");
            boolean ownerDefined = owner != null && !owner.isBlank() && escalation != null && !escalation.isBlank();
            List<String> present = new ArrayList<>();
            if (types.contains("SECRETS")) present.add("SECRET_SCANNING");
            if (types.contains("SAST")) present.add("SAST");
            if (types.contains("SCA") || types.contains("SBOM")) present.add("DEPENDENCY_SCANNING");
            if (newest != null && ("PASSED".equals(newest.gate()) || "BYPASSED".equals(newest.gate()))) present.add("CI_GATE");
            if (newest != null && newest.evidence().containsAll(requiredEvidence)) present.add("RELEASE_EVIDENCE");
            if (attestations.contains("THREAT_MODEL")) present.add("THREAT_MODEL");
            if (attestations.contains("LOGGING_RECOVERY")) present.add("LOGGING_RECOVERY");
            if (ownerDefined) present.add("OWNER_DEFINED");
            present.sort(Comparator.naturalOrder());
            servicePractices.put(service, present);
            if ("TIER_1".equals(tierOf(service))) imageAndOwner.put(service, types.contains("IMAGE") && ownerDefined);
            if (node.path("internet_facing").asBoolean(false)) apiLint.put(service, types.contains("API_LINT"));
        }

        long n = servicePractices.size();
        double weighted = 0.0;
        double weights = 0.0;
        List<Double> flat = new ArrayList<>();
        Map<String, List<Double>> flatByTier = new LinkedHashMap<>();
        TIERS.forEach(t -> flatByTier.put(t, new ArrayList<>()));
        Map<String, Long> practiceCounts = new LinkedHashMap<>();
        PRACTICES.forEach(p -> practiceCounts.put(p, 0L));
        long tier1 = 0;
        long tier1Code = 0;
        for (Map.Entry<String, List<String>> e : servicePractices.entrySet()) {
            String tier = tierOf(e.getKey());
            List<String> present = e.getValue();
            double coverage = present.size() / 8.0;
            double w = weight(tier, COVERAGE_TIER_WEIGHTS);
            weighted += w * coverage;
            weights += w;
            flat.add(coverage);
            flatByTier.computeIfAbsent(tier, t -> new ArrayList<>()).add(coverage);
            present.forEach(p -> practiceCounts.merge(p, 1L, Long::sum));
            if ("TIER_1".equals(tier)) {
                tier1++;
                if (present.containsAll(List.of("SAST", "SECRET_SCANNING", "DEPENDENCY_SCANNING"))) tier1Code++;
            }
        }
        Map<String, Double> byPractice = new LinkedHashMap<>();
        practiceCounts.forEach((p, c) -> byPractice.put(p, ratio(c, n)));
        Map<String, Double> byTier = new LinkedHashMap<>();
        TIERS.forEach(t -> byTier.put(t, mean(flatByTier.get(t))));
        Double tier1AssetCoverage = ratio(tier1Code, tier1);
        Map<String, Double> asset = new LinkedHashMap<>();
        asset.put("tier1_code_scanning", tier1AssetCoverage);
        asset.put("tier1_image_scanning_and_owner", share(imageAndOwner.values()));
        asset.put("internet_facing_api_lint", share(apiLint.values()));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("services", n);
        m.put("weighted_practice_coverage", n == 0 ? null : weighted / weights);
        m.put("flat_practice_coverage", mean(flat));
        m.put("tier1_asset_coverage", tier1AssetCoverage);
        m.put("by_practice", byPractice);
        m.put("by_tier", byTier);
        m.put("asset_coverage", asset);
        m.put("service_practices", servicePractices);
        return m;
    }

    private static Double share(Collection<Boolean> flags) {
        return ratio(flags.stream().filter(Boolean::booleanValue).count(), flags.size());
    }

    // ---------------------------------------------------------------- scope, catalogue, risk

    /** The team of a service: its newest catalogue entry's, else "unassigned". */
    public String teamOf(String service) {
        JsonNode entry = catalogue.get(service);
        String team = entry == null ? null : text(entry, "team");
        return team == null ? "unassigned" : team;
    }

    /** The tier of a service: its newest catalogue entry's, else TIER_3. */
    public String tierOf(String service) {
        JsonNode entry = catalogue.get(service);
        String tier = entry == null ? null : text(entry, "tier");
        return tier == null ? "TIER_3" : tier;
    }

    /** Every service that appears in any event (the org). */
    public Set<String> services() {
        return Set.copyOf(allServices);
    }

    private Predicate<String> scope(String scope) {
        if ("org".equals(scope)) return s -> true;
        if (scope.startsWith("team:")) {
            String team = scope.substring("team:".length());
            return s -> teamOf(s).equals(team);
        }
        if (scope.startsWith("tier:")) {
            String tier = scope.substring("tier:".length());
            return s -> tierOf(s).equals(tier);
        }
        if (scope.startsWith("service:")) {
            String service = scope.substring("service:".length());
            return s -> s.equals(service);
        }
        if (scope.equals("exposure:internet")) {
            return s -> catalogue.get(s) != null && catalogue.get(s).path("internet_facing").asBoolean(false);
        }
        throw new IllegalArgumentException("unknown scope: " + scope);
    }

    private List<Deployment> deploymentsIn(Predicate<String> inScope, LocalDate from, LocalDate to) {
        return deployments.stream().filter(d -> inScope.test(d.service()) && inPeriod(d.at(), from, to)).toList();
    }

    private List<Finding> findingsIn(Predicate<String> inScope) {
        return findings.stream().filter(f -> inScope.test(f.service())).toList();
    }

    private double risk(Finding f) {
        return weight(f.attr("severity"), Map.of("CRITICAL", 5, "HIGH", 4, "MEDIUM", 2, "LOW", 1))
                * weight(f.attr("exploitability"), Map.of("PROVEN", 3, "LIKELY", 3, "PLAUSIBLE", 2, "THEORETICAL", 1))
                * weight(tierOf(f.service()), Map.of("TIER_1", 3, "TIER_2", 2, "TIER_3", 1));
    }

    private static int weight(String value, Map<String, Integer> weights) {
        if (value == null || !weights.containsKey(value)) throw new IllegalArgumentException("no weight for " + value);
        return weights.get(value);
    }

    // ---------------------------------------------------------------- statistics

    /** Exact PERCENTILE_CONT: sorted x[0..n-1], position p*(n-1), linear interpolation; null if no samples. */
    public static Double percentileCont(Collection<? extends Number> samples, double p) {
        if (samples.isEmpty()) return null;
        double[] x = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        double position = p * (x.length - 1);
        int lo = (int) Math.floor(position);
        int hi = (int) Math.ceil(position);
        return x[lo] + (position - lo) * (x[hi] - x[lo]);
    }

    /** Arithmetic mean; null if no samples. */
    public static Double mean(Collection<? extends Number> samples) {
        if (samples.isEmpty()) return null;
        return samples.stream().mapToDouble(Number::doubleValue).sum() / samples.size();
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    // ---------------------------------------------------------------- time and JSON helpers

    private static boolean inPeriod(Instant t, LocalDate from, LocalDate to) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return !day.isBefore(from) && day.isBefore(to);
    }

    private static double hours(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / MILLIS_PER_HOUR;
    }

    private static double days(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / MILLIS_PER_DAY;
    }

    /** A timestamp field: ISO-8601 string or epoch milliseconds (number or digit string); required. */
    private static Instant time(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing " + field + " in " + node);
        if (v.isNumber()) return Instant.ofEpochMilli(v.asLong());
        String s = v.asText();
        if (s.matches("-?\\d+")) return Instant.ofEpochMilli(Long.parseLong(s));
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) throw new IllegalArgumentException("missing " + field + " in " + node);
        return v;
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Set<String> textSet(JsonNode node, String field) {
        Set<String> result = new LinkedHashSet<>();
        JsonNode v = node.get(field);
        if (v != null && v.isArray()) v.forEach(item -> result.add(item.asText()));
        return result;
    }

    private static Map<List<String>, List<JsonNode>> groupBy(List<JsonNode> events, String idField) {
        Map<List<String>, List<JsonNode>> result = new LinkedHashMap<>();
        for (JsonNode e : events) {
            result.computeIfAbsent(List.of(required(e, "service_id"), required(e, idField)), k -> new ArrayList<>()).add(e);
        }
        return result;
    }

    @Override
    public String toString() {
        return "ReferenceMetrics{services=" + allServices.size() + ", deployments=" + deployments.size()
                + ", commits=" + commits.size() + ", incidents=" + incidents.size() + ", findings=" + findings.size() + "}";
    }
}
