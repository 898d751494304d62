package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.FindingDescription;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** One service's current state for its page: practices it has and lacks, its open findings with ages, its risk. */
public final class ServiceView {
    private ServiceView() {
    }

    /** The {@code current} object of {@code GET /api/v1/services/{id}}, in its JSON order; findings by every severity. */
    public record Page(String date,
                       @JsonProperty("practices_present") List<String> practicesPresent,
                       @JsonProperty("practices_missing") List<String> practicesMissing,
                       @JsonProperty("practice_coverage") Double practiceCoverage,
                       @JsonProperty("risk_index") double riskIndex,
                       @JsonProperty("open_findings") Map<Severity, List<Finding>> openFindings) {
    }

    /** An open finding; the details a tool gave appear only when known, so a page can tell "not sent" from empty. */
    public record Finding(@JsonProperty("finding_id") String findingId, String exploitability,
                          @JsonProperty("age_days") double ageDays, double risk,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String title,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("rule_id") String ruleId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("defect_class") String defectClass,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Location location,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String url,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("cve_ids") List<String> cveIds,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String scanner) {
        static Finding of(OpenFindings.OpenFinding f, double risk) {
            FindingDescription d = f.details();
            if (d == null) {
                return new Finding(f.findingId(), f.exploitability().name(), f.ageDays(), risk, null, null, null, null, null, null, null);
            }
            Location where = d.location() == null ? null
                    : new Location(d.location().repository(), d.location().path(), d.location().startLine());
            return new Finding(f.findingId(), f.exploitability().name(), f.ageDays(), risk, d.title(), d.ruleId(), d.defectClass(),
                    where, d.url(), d.cveIds(), d.scanner());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String repository, String path, @JsonProperty("start_line") Integer startLine) {
    }

    public static Page of(ServiceSnapshot s, List<OpenFindings.OpenFinding> open, LocalDate date,
                          RiskWeights weights) {
        EnumSet<Practice> missing = EnumSet.allOf(Practice.class);
        missing.removeAll(s.practices());
        double risk = 0;
        Map<Severity, List<Finding>> bySeverity = new EnumMap<>(Severity.class);
        for (Severity sev : Severity.values()) {
            bySeverity.put(sev, new ArrayList<>());
        }
        for (OpenFindings.OpenFinding f : open) {
            double r = (double) weights.of(f.severity(), f.exploitability()) * weights.of(s.tier());
            risk += r;
            bySeverity.get(f.severity()).add(Finding.of(f, r));
        }
        return new Page(date.toString(), s.practices().stream().map(Enum::name).sorted().toList(),
                missing.stream().map(Enum::name).toList(), s.catalogued() ? s.practiceCoverage() : null, risk, bySeverity);
    }
}
