package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.RiskWeights;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One service's current state for its page: practices it has and lacks, its open findings with ages, its risk. */
public final class ServiceView {
    private ServiceView() {
    }

    public static Map<String, Object> of(ServiceSnapshot s, List<OpenFindings.OpenFinding> open, LocalDate date,
                                         RiskWeights weights) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date.toString());
        EnumSet<Practice> missing = EnumSet.allOf(Practice.class);
        missing.removeAll(s.practices());
        m.put("practices_present", s.practices().stream().map(Enum::name).sorted().toList());
        m.put("practices_missing", missing.stream().map(Enum::name).toList());
        m.put("practice_coverage", s.catalogued() ? s.practiceCoverage() : null);
        double risk = 0;
        Map<String, List<Map<String, Object>>> bySeverity = new LinkedHashMap<>();
        for (Severity sev : Severity.values()) {
            bySeverity.put(sev.name(), new ArrayList<>());
        }
        for (OpenFindings.OpenFinding f : open) {
            double r = (double) weights.of(f.severity(), f.exploitability()) * weights.of(s.tier());
            risk += r;
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("finding_id", f.findingId());
            finding.put("exploitability", f.exploitability().name());
            finding.put("age_days", f.ageDays());
            finding.put("risk", r);
            bySeverity.get(f.severity().name()).add(finding);
        }
        m.put("risk_index", risk);
        m.put("open_findings", bySeverity);
        return m;
    }
}
