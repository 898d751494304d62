package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static com.devsecopsmetrics.connectors.convert.Payloads.firstTime;
import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/**
 * SARIF 2.1.0 logs of any tool: one scan result per run (a run without results is a PASSED scan, coverage
 * evidence), one finding per distinct result. Its {@code finding_ids} lists every finding the run observed, so
 * the app closes the missing ones and reopens the returning ones (DESIGN §3). README has the rules.
 */
public final class SarifConverter {
    private final MappingConfig mapping;

    public SarifConverter(MappingConfig mapping) {
        this.mapping = mapping;
    }

    public Conversion convert(JsonNode log, SourceContext ctx) {
        JsonNode runs = log.path("runs");
        if (!runs.isArray()) {
            throw new UnreadablePayload("not a SARIF log: no 'runs' array");
        }
        if (runs.isEmpty()) {
            throw new UnreadablePayload("SARIF log has no runs: nothing was scanned (a scan that found nothing still has a run with an empty 'results')");
        }
        Conversion all = Conversion.of(List.of());
        for (int i = 0; i < runs.size(); i++) {
            all = all.plus(run(runs.get(i), i, ctx));
        }
        return all;
    }

    private Conversion run(JsonNode run, int index, SourceContext ctx) {
        String tool = text(run, "tool", "driver", "name").orElseThrow(() ->
                new UnreadablePayload("run " + index + ": missing field 'tool.driver.name'"));
        Optional<String> vcsRepo = text(run.path("versionControlProvenance").path(0), "repositoryUri").map(SarifConverter::repoPath);
        String service = ctx.service().or(() -> ctx.repo().or(() -> vcsRepo).map(mapping::serviceOf)).orElseThrow(() ->
                new UnreadablePayload("run " + index + " (" + tool + "): no service: give one (X-DSM-Service header, ?service=, --service, "
                        + "the folder name in the SARIF directory) or a versionControlProvenance.repositoryUri"));
        String repo = ctx.repo().or(() -> vcsRepo).orElse(service);
        Optional<String> commit = ctx.commit().or(() -> text(run.path("versionControlProvenance").path(0), "revisionId"));
        JsonNode invocation = run.path("invocations").path(0);
        Instant completedAt = firstTime(invocation, "endTimeUtc", "startTimeUtc").orElse(ctx.receivedAt());
        boolean failedToRun = false;
        for (JsonNode inv : run.path("invocations")) {
            failedToRun |= inv.has("executionSuccessful") && !inv.path("executionSuccessful").asBoolean();
        }
        Map<String, JsonNode> rules = rules(run);
        ScanType scanType = scanType(tool, run, rules, ctx);
        String scanId = text(run, "automationDetails", "guid").or(() -> text(run, "automationId", "guid"))
                .orElseGet(() -> "sarif:" + hash(service, tool, commit.orElse(""), completedAt.toString(), run.toString()));

        Map<String, Finding> findings = new LinkedHashMap<>();
        List<String> observed = new ArrayList<>();
        for (JsonNode result : run.path("results")) {
            JsonNode rule = ruleOf(result, rules, run);
            Finding f = finding(result, rule, tool, scanType, service, scanId, completedAt, SarifDetails.of(result, rule, run, repo));
            if (findings.putIfAbsent(f.getFindingId(), f) == null && f.getStatus() != FindingStatus.FIXED) {
                observed.add(f.getFindingId());
            }
        }
        Map<Severity, Integer> open = new EnumMap<>(Severity.class);
        findings.values().stream().filter(f -> f.getStatus() == FindingStatus.OPENED)
                .forEach(f -> open.merge(f.getSeverity(), 1, Integer::sum));
        ScanOutcome outcome = failedToRun ? ScanOutcome.ERROR : open.isEmpty() ? ScanOutcome.PASSED : ScanOutcome.FAILED;
        // The contract lists at most 1,000 finding ids; a larger run is sent as a partial scan, which closes nothing.
        boolean complete = !failedToRun && observed.size() <= ContractRules.MAX_LIST_ITEMS;
        ScanResult scan = ScanResult.newBuilder()
                .setScanId(scanId).setServiceId(service).setRepo(repo).setScanner(tool).setScanType(scanType)
                .setCommitId(commit.orElse(null)).setCompletedAt(completedAt).setOutcome(outcome)
                .setCritical(open.getOrDefault(Severity.CRITICAL, 0)).setHigh(open.getOrDefault(Severity.HIGH, 0))
                .setMedium(open.getOrDefault(Severity.MEDIUM, 0)).setLow(open.getOrDefault(Severity.LOW, 0))
                .setFindingIds(complete ? observed : null) // a failed run observed nothing: it must close nothing
                .build();
        List<ContractEvent> events = new ArrayList<>();
        events.add(ContractEvent.of(scan));
        findings.values().forEach(f -> events.add(ContractEvent.of(f)));
        if (!failedToRun && !complete) {
            return new Conversion(List.copyOf(events), List.of("run " + index + " (" + tool + ") observed " + observed.size()
                    + " findings, more than the " + ContractRules.MAX_LIST_ITEMS + " finding_ids a scan result may list: sent as a partial "
                    + "scan, which closes no finding"));
        }
        return Conversion.of(events);
    }

    private Finding finding(JsonNode result, JsonNode rule, String tool, ScanType scanType, String service,
                            String scanId, Instant at, FindingDetails details) {
        String ruleId = text(result, "ruleId").or(() -> text(result, "rule", "id")).or(() -> text(rule, "id"))
                .or(() -> text(result, "message", "text")).orElse("result");
        JsonNode location = result.path("locations").path(0);
        String uri = text(location, "physicalLocation", "artifactLocation", "uri").orElse("");
        String line = text(location, "physicalLocation", "region", "startLine").orElse("");
        String logical = text(location.path("logicalLocations").path(0), "fullyQualifiedName")
                .or(() -> text(location.path("logicalLocations").path(0), "name")).orElse("");
        String identity = firstEntry(result.path("fingerprints"))
                .map(fp -> String.join("|", tool, ruleId, "fingerprint", fp))
                .or(() -> firstEntry(result.path("partialFingerprints")).map(fp -> String.join("|", tool, ruleId, uri, "partial", fp)))
                .orElseGet(() -> String.join("|", tool, ruleId, uri, line, logical));
        FindingCategory category = categoryOf(rule, result, scanType);
        return details.applyTo(Finding.newBuilder())
                .setFindingId("sarif:" + slug(tool) + ":" + hash(identity))
                .setServiceId(service).setStatus(status(result)).setOccurredAt(at)
                .setSeverity(severity(result, rule)).setExploitability(exploitability(result, rule))
                .setCategory(category)
                .setDefectClass(cwe(result, rule).orElse(category == FindingCategory.SECRET ? "CWE-798" : ruleId))
                .setInNewCode("new".equals(text(result, "baselineState").orElse("")))
                .setScanner(tool).setScanId(scanId).build();
    }

    /**
     * A result the baseline reports {@code absent} is FIXED. A suppression (not {@code rejected}, not {@code underReview})
     * makes it FALSE_POSITIVE when its justification says so or it lives in the source (an inline "not a problem"
     * marker), RISK_ACCEPTED when it is external (a triage decision kept outside the code).
     */
    static FindingStatus status(JsonNode result) {
        if ("absent".equals(text(result, "baselineState").orElse(""))) {
            return FindingStatus.FIXED;
        }
        for (JsonNode s : result.path("suppressions")) {
            String st = text(s, "status").orElse("accepted");
            if (!st.equals("accepted")) {
                continue;
            }
            String justification = text(s, "justification").orElse("").toLowerCase(Locale.ROOT);
            if (justification.contains("false positive") || justification.contains("false-positive")) {
                return FindingStatus.FALSE_POSITIVE;
            }
            if (justification.contains("accept") || justification.contains("risk")) {
                return FindingStatus.RISK_ACCEPTED;
            }
            return "inSource".equals(text(s, "kind").orElse("")) ? FindingStatus.FALSE_POSITIVE : FindingStatus.RISK_ACCEPTED;
        }
        return FindingStatus.OPENED;
    }

    static Severity severity(JsonNode result, JsonNode rule) {
        for (JsonNode props : List.of(result.path("properties"), rule.path("properties"))) {
            JsonNode s = props.path("security-severity");
            if (s.isNumber() || (s.isTextual() && s.asText().matches("\\s*\\d+(\\.\\d+)?\\s*"))) {
                Optional<Severity> fromScore = FindingTraits.fromScore(Double.parseDouble(s.asText().trim()));
                if (fromScore.isPresent()) {
                    return fromScore.get();
                }
            }
        }
        String level = text(result, "level").or(() -> text(rule, "defaultConfiguration", "level")).orElse("warning");
        return FindingTraits.fromLevel(level);
    }

    private Exploitability exploitability(JsonNode result, JsonNode rule) {
        boolean kev = false;
        Double epss = null;
        for (JsonNode props : List.of(result.path("properties"), rule.path("properties"))) {
            kev |= props.path("kev").asBoolean(false) || props.path("cisa-kev").asBoolean(false) || props.path("known-exploited").asBoolean(false);
            for (String key : List.of("epss", "epss-score", "epss_score")) {
                if (epss == null && props.path(key).isNumber()) {
                    epss = props.path(key).asDouble();
                }
            }
        }
        return mapping.exploitability(epss, kev);
    }

    private static Optional<String> cwe(JsonNode result, JsonNode rule) {
        for (JsonNode props : List.of(rule.path("properties"), result.path("properties"))) {
            for (String key : List.of("tags", "cwe", "cwe_id", "cwe-id", "CWE")) {
                Optional<String> c = FindingTraits.cwe(props.path(key));
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        for (JsonNode rel : rule.path("relationships")) {
            Optional<String> c = FindingTraits.cwe(rel.path("target").path("id"))
                    .filter(x -> "CWE".equalsIgnoreCase(text(rel, "target", "toolComponent", "name").orElse("CWE")));
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static FindingCategory categoryOf(JsonNode rule, JsonNode result, ScanType scanType) {
        String tags = (rule.path("properties").path("tags").toString() + result.path("properties").path("tags")).toLowerCase(Locale.ROOT);
        if (tags.contains("secret")) {
            return FindingCategory.SECRET;
        }
        return FindingTraits.categoryOf(scanType);
    }

    private static ScanType scanType(String tool, JsonNode run, Map<String, JsonNode> rules, SourceContext ctx) {
        if (ctx.scanType().isPresent()) {
            try {
                return ScanType.valueOf(ctx.scanType().get().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UnreadablePayload("scan type '" + ctx.scanType().get() + "' is not one of " + Arrays.toString(ScanType.values()));
            }
        }
        Optional<ScanType> byTool = FindingTraits.scanTypeOfTool(tool)
                .or(() -> text(run, "tool", "driver", "fullName").flatMap(FindingTraits::scanTypeOfTool));
        if (byTool.isPresent()) {
            return byTool.get();
        }
        StringBuilder tags = new StringBuilder();
        rules.values().forEach(r -> tags.append(r.path("properties").path("tags")).append(' '));
        String t = tags.toString().toLowerCase(Locale.ROOT);
        if (t.contains("secret")) {
            return ScanType.SECRETS;
        } else if (t.contains("\"iac\"") || t.contains("terraform") || t.contains("kubernetes") || t.contains("dockerfile")) {
            return ScanType.IAC;
        } else if (t.contains("container") || t.contains("\"image\"")) {
            return ScanType.IMAGE;
        } else if (t.contains("dependency") || t.contains("\"sca\"") || t.contains("\"cve\"")) {
            return ScanType.SCA;
        }
        return ScanType.SAST;
    }

    private static Map<String, JsonNode> rules(JsonNode run) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        run.path("tool").path("driver").path("rules").forEach(r -> text(r, "id").ifPresent(id -> rules.putIfAbsent(id, r)));
        for (JsonNode ext : run.path("tool").path("extensions")) {
            ext.path("rules").forEach(r -> text(r, "id").ifPresent(id -> rules.putIfAbsent(id, r)));
        }
        return rules;
    }

    private static JsonNode ruleOf(JsonNode result, Map<String, JsonNode> rules, JsonNode run) {
        int index = result.path("ruleIndex").asInt(result.path("rule").path("index").asInt(-1));
        JsonNode byIndex = run.path("tool").path("driver").path("rules").path(index);
        if (index >= 0 && byIndex.isObject()) {
            return byIndex;
        }
        Optional<String> id = text(result, "ruleId").or(() -> text(result, "rule", "id"));
        return id.map(rules::get).orElse(MissingNode.getInstance());
    }

    /** The value of the alphabetically first key: deterministic when a tool adds a fingerprint kind in a later version. */
    private static Optional<String> firstEntry(JsonNode fingerprints) {
        if (!fingerprints.isObject() || fingerprints.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fingerprints.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue().asText());
        }
        return Optional.of(sorted.firstKey() + "=" + sorted.firstEntry().getValue());
    }

    private static String repoPath(String uri) {
        try {
            String path = URI.create(uri.trim()).getPath();
            if (path == null || path.isBlank()) {
                return uri;
            }
            path = path.startsWith("/") ? path.substring(1) : path;
            return path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
