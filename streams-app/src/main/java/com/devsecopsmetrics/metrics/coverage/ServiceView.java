package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
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

    public record Finding(@JsonProperty("finding_id") String findingId, String exploitability,
                          @JsonProperty("age_days") double ageDays, double risk) {
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
            bySeverity.get(f.severity()).add(new Finding(f.findingId(), f.exploitability().name(), f.ageDays(), r));
        }
        return new Page(date.toString(), s.practices().stream().map(Enum::name).sorted().toList(),
                missing.stream().map(Enum::name).toList(), s.catalogued() ? s.practiceCoverage() : null, risk, bySeverity);
    }
}
