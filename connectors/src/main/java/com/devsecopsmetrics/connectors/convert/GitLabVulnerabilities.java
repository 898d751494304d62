package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static com.devsecopsmetrics.connectors.convert.Payloads.firstTime;
import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/**
 * One state change of a GitLab vulnerability (the REST object of {@code GET /projects/:id/vulnerabilities}, wrapped
 * by the import as {@code {"object_kind": "vulnerability", "action": ..., "vulnerability": {...}, "project": {...}}})
 * to a contract finding, {@code gitlab:<project path>:vulnerability:<id>}. GitLab's connector webhooks carry no such
 * state changes, so these events come from {@code bin/dsm import gitlab} only; a GitLab vulnerability hook (its own
 * {@code object_attributes} shape) is skipped. Mirrors the GitHub alert mappings: a dismissal as a false positive is
 * FALSE_POSITIVE, any other RISK_ACCEPTED; exploitability is {@code exploitability.default}, as the REST object
 * carries no EPSS, except secrets, which count as PLAUSIBLE like a GitHub secret of unknown validity.
 */
final class GitLabVulnerabilities {
    /** Identifiers read per vulnerability: GitLab lists a handful (scanner rule, CVE, CWE); more is not a real answer. */
    private static final int MAX_IDENTIFIERS = 50;

    private final MappingConfig mapping;

    GitLabVulnerabilities(MappingConfig mapping) {
        this.mapping = mapping;
    }

    /** {@code action} is the state reached (detected, confirmed, resolved, dismissed); {@code link} the vulnerability's page. */
    Conversion convert(JsonNode v, String action, Optional<String> link, String repo, String service, SourceContext ctx) {
        String id = text(v, "id").filter(s -> s.matches("\\d{1,20}"))
                .orElseThrow(() -> new UnreadablePayload("field 'vulnerability.id' is missing or not a number"));
        String findingId = "gitlab:" + repo + ":vulnerability:" + id;
        if (!ContractRules.isIdentifier(findingId)) {
            throw new UnreadablePayload("vulnerability " + id + ": the project path makes an id longer than the contract takes");
        }
        FindingStatus status = switch (action) {
            case "detected" -> FindingStatus.OPENED;
            case "confirmed" -> FindingStatus.TRIAGED;
            case "resolved" -> FindingStatus.FIXED;
            case "dismissed" -> "false_positive".equals(text(v, "dismissal_reason").orElse("")) ? FindingStatus.FALSE_POSITIVE
                    : FindingStatus.RISK_ACCEPTED; // acceptable_risk, mitigating_control, used_in_tests, not_applicable, none given
            default -> null;
        };
        if (status == null) {
            return Conversion.skip("vulnerability " + id + " action '" + action + "' changes no finding state");
        }
        Instant at = firstTime(v, switch (action) {
            case "confirmed" -> "confirmed_at";
            case "resolved" -> "resolved_at";
            case "dismissed" -> "dismissed_at";
            default -> "created_at";
        }, "updated_at").orElse(ctx.receivedAt());
        String reportType = text(v, "report_type").or(() -> text(v, "finding", "report_type")).orElse("unknown");
        JsonNode finding = v.path("finding");
        List<JsonNode> identifiers = identifiers(finding.path("identifiers"));
        Optional<String> cwe = identifiers.stream().filter(i -> "cwe".equalsIgnoreCase(text(i, "external_type").orElse("")))
                .map(i -> FindingTraits.cwe(text(i, "name").orElse("")).or(() -> FindingTraits.cwe("CWE-" + text(i, "external_id").orElse(""))))
                .flatMap(Optional::stream).findFirst();
        FindingDetails details = new FindingDetails().title(text(v, "title").or(() -> text(finding, "name")))
                .ruleId(identifiers.stream().filter(i -> !"cwe".equalsIgnoreCase(text(i, "external_type").orElse("")))
                        .map(i -> text(i, "external_id")).flatMap(Optional::stream).findFirst())
                .location(repo, text(finding, "location", "file"), FindingDetails.line(finding.path("location").path("start_line")))
                .url(link);
        identifiers.forEach(i -> details.cvesIn(text(i, "external_id").orElse("")));
        String defectClass = cwe.or(() -> identifiers.stream().map(i -> text(i, "external_id")).flatMap(Optional::stream)
                        .filter(s -> s.toUpperCase(Locale.ROOT).startsWith("CVE-")).findFirst())
                .orElse(reportType.equals("secret_detection") ? "CWE-798" : reportType);
        FindingCategory category = categoryOf(reportType);
        return Conversion.of(List.of(ContractEvent.of(details.applyTo(Finding.newBuilder())
                .setFindingId(findingId)
                .setServiceId(service).setStatus(status).setOccurredAt(at).setSeverity(severityOf(text(v, "severity").orElse(null)))
                .setExploitability(category == FindingCategory.SECRET ? Exploitability.PLAUSIBLE : mapping.defaultExploitability())
                .setCategory(category).setDefectClass(bounded(defectClass)).setInNewCode(false)
                .setScanner(text(finding, "scanner", "name").or(() -> text(finding, "scanner", "external_id")).map(GitLabVulnerabilities::bounded)
                        .orElse("gitlab-" + bounded(reportType)))
                .setScanId(null).build())));
    }

    /** GitLab's severities: critical, high, medium, low as such; info is below low; unknown (or none) MEDIUM, as GitHub's default. */
    static Severity severityOf(String word) {
        return "info".equals(word) ? Severity.LOW : FindingTraits.fromWord(word).orElse(Severity.MEDIUM);
    }

    /** GitLab's report types; any other (a type added later, a custom scanner) is OTHER. */
    static FindingCategory categoryOf(String reportType) {
        return switch (reportType) {
            case "sast", "dast", "api_fuzzing", "coverage_fuzzing" -> FindingCategory.CODE;
            case "dependency_scanning" -> FindingCategory.DEPENDENCY;
            case "container_scanning", "cluster_image_scanning" -> FindingCategory.CONTAINER;
            case "secret_detection" -> FindingCategory.SECRET;
            default -> FindingCategory.OTHER;
        };
    }

    private static List<JsonNode> identifiers(JsonNode array) {
        if (!array.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(array.spliterator(), false).filter(JsonNode::isObject).limit(MAX_IDENTIFIERS).toList();
    }

    /** An identifier-like value as the contract takes it: a scanner name or report type is never worth losing the finding. */
    private static String bounded(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.isEmpty() ? "unknown" : oneLine.length() > 200 ? oneLine.substring(0, 200) : oneLine;
    }
}
