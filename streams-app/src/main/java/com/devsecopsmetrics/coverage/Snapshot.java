package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.debt.RiskWeights;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The {@code coverage} and {@code debt} groups of a snapshot (DESIGN §4), from the services of a scope. */
public final class Snapshot {
    private Snapshot() {
    }

    /** Coverage counts the services in the catalogue only. */
    public static Map<String, Object> coverage(Collection<ServiceSnapshot> all, Map<Tier, Integer> tierWeights) {
        List<ServiceSnapshot> services = all.stream().filter(ServiceSnapshot::catalogued).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("services", (long) services.size());
        double weighted = 0;
        double weights = 0;
        for (ServiceSnapshot s : services) {
            weighted += tierWeights.get(s.tier()) * s.practiceCoverage();
            weights += tierWeights.get(s.tier());
        }
        m.put("weighted_practice_coverage", weights == 0 ? null : weighted / weights);
        m.put("flat_practice_coverage", mean(services));
        Double tier1Code = share(services, s -> s.tier() == Tier.TIER_1,
                s -> s.practices().containsAll(List.of(Practice.SAST, Practice.SECRET_SCANNING, Practice.DEPENDENCY_SCANNING)));
        m.put("tier1_asset_coverage", tier1Code);
        Map<String, Object> byPractice = new LinkedHashMap<>();
        for (Practice p : Practice.values()) {
            byPractice.put(p.name(), share(services, s -> true, s -> s.practices().contains(p)));
        }
        m.put("by_practice", byPractice);
        Map<String, Object> byTier = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            byTier.put(t.name(), mean(services.stream().filter(s -> s.tier() == t).toList()));
        }
        m.put("by_tier", byTier);
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("tier1_code_scanning", tier1Code);
        asset.put("tier1_image_scanning_and_owner", share(services, s -> s.tier() == Tier.TIER_1,
                s -> s.imageScanned() && s.practices().contains(Practice.OWNER_DEFINED)));
        asset.put("internet_facing_api_lint", share(services, ServiceSnapshot::internetFacing, ServiceSnapshot::apiLinted));
        m.put("asset_coverage", asset);
        Map<String, List<String>> perService = new TreeMap<>();
        for (ServiceSnapshot s : services) {
            perService.put(s.serviceId(), s.practices().stream().map(Enum::name).sorted().toList());
        }
        m.put("service_practices", perService);
        return m;
    }

    public static Map<String, Object> debt(Collection<ServiceSnapshot> services, RiskWeights weights) {
        double risk = 0;
        double accepted = 0;
        long open = 0;
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.name(), 0L);
        }
        Map<Tier, List<Double>> criticalHighAges = new TreeMap<>();
        List<Double> exploitableAges = new ArrayList<>();
        for (ServiceSnapshot s : services) {
            for (ServiceSnapshot.OpenFinding f : s.open()) {
                open++;
                risk += riskOf(f, s.tier(), weights);
                bySeverity.merge(f.severity().name(), 1L, Long::sum);
                if (f.severity() == Severity.CRITICAL || f.severity() == Severity.HIGH) {
                    criticalHighAges.computeIfAbsent(s.tier(), t -> new ArrayList<>()).add(f.ageDays());
                    if (f.exploitability() == Exploitability.PROVEN || f.exploitability() == Exploitability.LIKELY) {
                        exploitableAges.add(f.ageDays());
                    }
                }
            }
            for (ServiceSnapshot.OpenFinding f : s.accepted()) {
                accepted += riskOf(f, s.tier(), weights);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("risk_index", risk);
        m.put("accepted_risk_index", accepted);
        m.put("open_findings", open);
        m.put("open_by_severity", bySeverity);
        Map<String, Object> p50 = new LinkedHashMap<>();
        Map<String, Object> max = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            List<Double> ages = criticalHighAges.getOrDefault(t, List.of());
            p50.put(t.name(), percentileCont(ages, 0.5));
            max.put(t.name(), ages.stream().max(Double::compare).orElse(null));
        }
        m.put("open_critical_high_age_days_p50_by_tier", p50);
        m.put("open_critical_high_age_days_max_by_tier", max);
        m.put("exploitable_critical_high_age_days_p50", percentileCont(exploitableAges, 0.5));
        return m;
    }

    static double riskOf(ServiceSnapshot.OpenFinding f, Tier tier, RiskWeights weights) {
        return (double) weights.of(f.severity(), f.exploitability()) * weights.of(tier);
    }

    /** Exact PERCENTILE_CONT over a handful of ages (a snapshot's open findings are few enough to sort). */
    static Double percentileCont(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        return lo + 1 < sorted.length ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    private static Double mean(List<ServiceSnapshot> services) {
        return services.isEmpty() ? null : services.stream().mapToDouble(ServiceSnapshot::practiceCoverage).average().orElseThrow();
    }

    private static Double share(List<ServiceSnapshot> services, Predicate<ServiceSnapshot> among, Predicate<ServiceSnapshot> having) {
        List<ServiceSnapshot> base = services.stream().filter(among).toList();
        return base.isEmpty() ? null : base.stream().filter(having).count() / (double) base.size();
    }
}
