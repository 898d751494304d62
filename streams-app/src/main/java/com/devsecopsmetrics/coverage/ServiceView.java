package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.debt.FindingDescription;
import com.devsecopsmetrics.debt.RiskWeights;
import com.devsecopsmetrics.events.Severity;

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
            describe(finding, f.details());
            bySeverity.get(f.severity().name()).add(finding);
        }
        m.put("risk_index", risk);
        m.put("open_findings", bySeverity);
        return m;
    }

    /** The details a tool gave, each only when known, so a page can tell "not sent" from an empty value. */
    private static void describe(Map<String, Object> finding, FindingDescription d) {
        if (d == null) {
            return;
        }
        putKnown(finding, "title", d.title());
        putKnown(finding, "rule_id", d.ruleId());
        putKnown(finding, "defect_class", d.defectClass());
        if (d.location() != null) {
            Map<String, Object> location = new LinkedHashMap<>();
            putKnown(location, "repository", d.location().repository());
            putKnown(location, "path", d.location().path());
            putKnown(location, "start_line", d.location().startLine());
            finding.put("location", location);
        }
        putKnown(finding, "url", d.url());
        putKnown(finding, "cve_ids", d.cveIds());
        putKnown(finding, "scanner", d.scanner());
    }

    private static void putKnown(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
