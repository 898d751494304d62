package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.contract.ContractRules;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/**
 * A SARIF result's details: the rule's id and short description (else the message), the first location's file
 * and start line, the rule's help link (else a link to the line in the repository the run names), and the CVE
 * ids a dependency or image scanner puts in the rule id or tags (Trivy, Grype, Anchore).
 */
final class SarifDetails {
    private SarifDetails() {
    }

    static FindingDetails of(JsonNode result, JsonNode rule, JsonNode run, String repo) {
        Optional<String> ruleId = text(result, "ruleId").or(() -> text(result, "rule", "id")).or(() -> text(rule, "id"));
        JsonNode physical = result.path("locations").path(0).path("physicalLocation");
        Optional<String> path = text(physical, "artifactLocation", "uri");
        Optional<Integer> line = FindingDetails.line(physical.path("region").path("startLine"));
        FindingDetails details = new FindingDetails().ruleId(ruleId)
                .title(text(rule, "shortDescription", "text").or(() -> text(result, "message", "text")).or(() -> text(rule, "name")))
                .location(repo, path, line)
                .url(text(rule, "helpUri").filter(ContractRules::isWebLink).or(() -> lineInRepository(run, path, line)))
                .cvesIn(ruleId.orElse(""));
        for (JsonNode props : List.of(rule.path("properties"), result.path("properties"))) {
            for (String key : List.of("tags", "cve", "cveId", "cve_id", "cves")) {
                details.cvesIn(props.path(key));
            }
        }
        return details;
    }

    /** GitHub's and GitLab's form of a link to a line at a revision; only for a web repository URI the run gives. */
    private static Optional<String> lineInRepository(JsonNode run, Optional<String> path, Optional<Integer> line) {
        JsonNode vcs = run.path("versionControlProvenance").path(0);
        Optional<String> repository = text(vcs, "repositoryUri").map(u -> u.endsWith(".git") ? u.substring(0, u.length() - 4) : u)
                .filter(u -> u.startsWith("https://") || u.startsWith("http://"));
        Optional<String> revision = text(vcs, "revisionId");
        if (repository.isEmpty() || revision.isEmpty() || path.isEmpty() || path.get().contains("://")) {
            return Optional.empty();
        }
        return Optional.of(repository.get() + "/blob/" + revision.get() + "/" + path.get() + line.map(l -> "#L" + l).orElse(""));
    }
}
