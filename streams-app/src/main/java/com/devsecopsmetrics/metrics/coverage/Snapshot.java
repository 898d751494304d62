package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.debt.StartCounts;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The {@code coverage} and {@code debt} groups of a snapshot (DESIGN §4), from the services of a scope. */
public final class Snapshot {
    private Snapshot() {
    }

    /** Coverage counts the services in the catalogue only. */
    public static Coverage coverage(Collection<ServiceSnapshot> all, Map<Tier, Integer> tierWeights) {
        List<ServiceSnapshot> services = all.stream().filter(ServiceSnapshot::catalogued).toList();
        double weighted = 0;
        double weights = 0;
        for (ServiceSnapshot s : services) {
            weighted += tierWeights.get(s.tier()) * s.practiceCoverage();
            weights += tierWeights.get(s.tier());
        }
        Double tier1Code = share(services, s -> s.tier() == Tier.TIER_1,
                s -> s.practices().containsAll(List.of(Practice.SAST, Practice.SECRET_SCANNING, Practice.DEPENDENCY_SCANNING)));
        Map<Practice, Double> byPractice = new EnumMap<>(Practice.class);
        for (Practice p : Practice.values()) {
            byPractice.put(p, share(services, s -> true, s -> s.practices().contains(p)));
        }
        Map<Tier, Double> byTier = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            byTier.put(t, mean(services.stream().filter(s -> s.tier() == t).toList()));
        }
        Coverage.AssetCoverage asset = new Coverage.AssetCoverage(tier1Code,
                share(services, s -> s.tier() == Tier.TIER_1, s -> s.imageScanned() && s.practices().contains(Practice.OWNER_DEFINED)),
                share(services, ServiceSnapshot::internetFacing, ServiceSnapshot::apiLinted));
        Map<String, List<String>> perService = new TreeMap<>();
        for (ServiceSnapshot s : services) {
            perService.put(s.serviceId(), s.practices().stream().map(Enum::name).sorted().toList());
        }
        return new Coverage(services.size(), weights == 0 ? null : weighted / weights, mean(services), tier1Code, byPractice, byTier,
                asset, perService);
    }

    /**
     * The debt group from the scope's open and accepted findings as of the end of {@code date}, by tier (risk
     * already weighted by tier). A finding is past its SLA when its age exceeds the SLA days of its severity.
     */
    public static DebtSnapshot debt(Map<Tier, DebtState> byTier, LocalDate date, Map<Severity, Integer> slaDays) {
        long end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        double risk = 0;
        double accepted = 0;
        long open = 0;
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        StartCounts exploitable = new StartCounts();
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0L);
        }
        for (DebtState tier : byTier.values()) {
            risk += tier.openRisk();
            accepted += tier.acceptedRisk();
            open += tier.open();
            for (Severity s : Severity.values()) {
                bySeverity.merge(s, tier.open(s), Long::sum);
            }
            exploitable.add(tier.exploitableCriticalHighStarts(), 1);
        }
        Map<Tier, Double> p50 = new EnumMap<>(Tier.class);
        Map<Tier, Double> max = new EnumMap<>(Tier.class);
        Map<Tier, Long> pastSla = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            DebtState tier = byTier.getOrDefault(t, new DebtState());
            StartCounts criticalHigh = tier.openStarts(Severity.CRITICAL).copy();
            criticalHigh.add(tier.openStarts(Severity.HIGH), 1);
            p50.put(t, medianAge(criticalHigh, end));
            Long oldest = oldestStart(criticalHigh);
            max.put(t, oldest == null ? null : ageDays(end, oldest));
            long past = 0;
            for (Severity s : Severity.values()) {
                // opened before the deadline, the finding is older than its SLA
                past += tier.openStarts(s).countBefore(end - slaDays.get(s) * 86_400_000L);
            }
            pastSla.put(t, past);
        }
        return new DebtSnapshot(risk, accepted, open, bySeverity, p50, max, medianAge(exploitable, end), pastSla,
                pastSla.get(Tier.TIER_1));
    }

    /** Whether an open finding of this age and severity is past its SLA (the same rule as past_sla_by_tier). */
    public static boolean isPastSla(double ageDays, Severity severity, Map<Severity, Integer> slaDays) {
        return ageDays > slaDays.get(severity);
    }

    /** Days from {@code start} to {@code end} (epoch milliseconds): every age of an open finding, here and on its page. */
    static double ageDays(long end, long start) {
        return (end - start) / 86_400_000.0;
    }

    /** The earliest start of a finding still open, or null. */
    private static Long oldestStart(StartCounts starts) {
        for (int i = 0; i < starts.size(); i++) {
            if (starts.count(i) > 0) {
                return starts.start(i);
            }
        }
        return null;
    }

    /** Exact PERCENTILE_CONT(0.5) of the ages at {@code end} of the findings still open (positive counts). */
    static Double medianAge(StartCounts starts, long end) {
        long n = 0;
        for (int i = 0; i < starts.size(); i++) {
            n += Math.max(0, starts.count(i));
        }
        if (n == 0) {
            return null;
        }
        double pos = 0.5 * (n - 1);
        long lo = (long) Math.floor(pos);
        Double low = null;
        long seen = 0;
        // Youngest first: ages ascend as starts descend.
        for (int i = starts.size() - 1; i >= 0; i--) {
            long count = starts.count(i);
            if (count <= 0) {
                continue;
            }
            double age = ageDays(end, starts.start(i));
            long upTo = seen + count; // ranks seen .. upTo-1 have this age
            if (low == null && lo < upTo) {
                low = age;
                if (pos == lo) {
                    return low;
                }
            }
            if (low != null && lo + 1 < upTo) {
                return low + (pos - lo) * (age - low);
            }
            seen = upTo;
        }
        return low;
    }

    private static Double mean(List<ServiceSnapshot> services) {
        return services.isEmpty() ? null : services.stream().mapToDouble(ServiceSnapshot::practiceCoverage).average().orElseThrow();
    }

    private static Double share(List<ServiceSnapshot> services, Predicate<ServiceSnapshot> among, Predicate<ServiceSnapshot> having) {
        List<ServiceSnapshot> base = services.stream().filter(among).toList();
        return base.isEmpty() ? null : base.stream().filter(having).count() / (double) base.size();
    }
}
