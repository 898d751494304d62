package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.debt.DebtState;
import com.devsecopsmetrics.metrics.debt.StartCounts;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code coverage} and {@code debt} groups of a snapshot (DESIGN §4), from the services of a scope. */
public final class Snapshot {
    private Snapshot() {
    }

    /** The practices {@code tier1_asset_coverage} asks of a tier-1 service. */
    private static final Set<Practice> TIER1_CODE_SCANNING = EnumSet.of(Practice.SAST, Practice.SECRET_SCANNING,
            Practice.DEPENDENCY_SCANNING);

    /** Each set of practices as the sorted names {@code service_practices} lists, by its bits (see {@link #bits}). */
    private static final List<List<String>> PRACTICE_NAMES = practiceNames();

    /**
     * Coverage counts the services in the catalogue only. One pass over the services: an org snapshot at ten
     * thousand services spent more in a pass per figure than in reading the stores. Every sum is of multiples of
     * 1/8 (a service's share of the eight practices) times integer tier weights, so it is exact in any order.
     */
    public static Coverage coverage(Collection<ServiceSnapshot> all, Map<Tier, Integer> tierWeights) {
        List<ServiceSnapshot> services = all.stream().filter(ServiceSnapshot::catalogued)
                .sorted(Comparator.comparing(ServiceSnapshot::serviceId)).toList();
        double weighted = 0;
        double weights = 0;
        double coverageSum = 0;
        int[] havingPractice = new int[Practice.values().length];
        double[] tierSum = new double[Tier.values().length];
        int[] tierCount = new int[Tier.values().length];
        int tier1CodeScanned = 0;
        int tier1ImageAndOwner = 0;
        int internetFacing = 0;
        int internetFacingLinted = 0;
        Map<String, List<String>> perService = new LinkedHashMap<>(); // in id order, as sorted above
        for (ServiceSnapshot s : services) {
            int weight = tierWeights.get(s.tier());
            double coverage = s.practiceCoverage();
            weighted += weight * coverage;
            weights += weight;
            coverageSum += coverage;
            tierSum[s.tier().ordinal()] += coverage;
            tierCount[s.tier().ordinal()]++;
            Set<Practice> practices = s.practices();
            for (Practice p : practices) {
                havingPractice[p.ordinal()]++;
            }
            if (s.tier() == Tier.TIER_1) {
                if (practices.containsAll(TIER1_CODE_SCANNING)) {
                    tier1CodeScanned++;
                }
                if (s.imageScanned() && practices.contains(Practice.OWNER_DEFINED)) {
                    tier1ImageAndOwner++;
                }
            }
            if (s.internetFacing()) {
                internetFacing++;
                if (s.apiLinted()) {
                    internetFacingLinted++;
                }
            }
            perService.put(s.serviceId(), practiceNames(practices));
        }
        int tier1 = tierCount[Tier.TIER_1.ordinal()];
        Double tier1Code = share(tier1CodeScanned, tier1);
        Map<Practice, Double> byPractice = new EnumMap<>(Practice.class);
        for (Practice p : Practice.values()) {
            byPractice.put(p, share(havingPractice[p.ordinal()], services.size()));
        }
        Map<Tier, Double> byTier = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            byTier.put(t, tierCount[t.ordinal()] == 0 ? null : tierSum[t.ordinal()] / tierCount[t.ordinal()]);
        }
        Coverage.AssetCoverage asset = new Coverage.AssetCoverage(tier1Code, share(tier1ImageAndOwner, tier1),
                share(internetFacingLinted, internetFacing));
        return new Coverage(services.size(), weights == 0 ? null : weighted / weights,
                services.isEmpty() ? null : coverageSum / services.size(), tier1Code, byPractice, byTier, asset, perService);
    }

    /** The names of the practices, sorted, as {@code service_practices} and the snapshot topic list them. */
    public static List<String> practiceNames(Set<Practice> practices) {
        return PRACTICE_NAMES.get(bits(practices));
    }

    private static int bits(Set<Practice> practices) {
        int bits = 0;
        for (Practice p : practices) {
            bits |= 1 << p.ordinal();
        }
        return bits;
    }

    private static List<List<String>> practiceNames() {
        Practice[] all = Practice.values();
        List<List<String>> names = new ArrayList<>(1 << all.length);
        for (int bits = 0; bits < 1 << all.length; bits++) {
            List<String> present = new ArrayList<>();
            for (Practice p : all) {
                if ((bits & 1 << p.ordinal()) != 0) {
                    present.add(p.name());
                }
            }
            present.sort(null);
            names.add(List.copyOf(present));
        }
        return List.copyOf(names);
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
            DebtState tier = byTier.get(t);
            if (tier == null) { // no finding of the tier: what an empty state gives, without building one (a service has one tier)
                p50.put(t, null);
                max.put(t, null);
                pastSla.put(t, 0L);
                continue;
            }
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
        return starts.total() > 0 ? starts.startOfRank(0) : null;
    }

    /** Exact PERCENTILE_CONT(0.5) of the ages at {@code end} of the findings still open. */
    static Double medianAge(StartCounts starts, long end) {
        long n = starts.total();
        if (n <= 0) {
            return null;
        }
        double pos = 0.5 * (n - 1);
        long lo = (long) Math.floor(pos);
        // Ages ascend as starts descend: the lo-th youngest is of rank n-1-lo from the earliest.
        double low = ageDays(end, starts.startOfRank(n - 1 - lo));
        if (pos == lo) {
            return low;
        }
        return low + (pos - lo) * (ageDays(end, starts.startOfRank(n - 2 - lo)) - low);
    }

    private static Double share(int having, int among) {
        return among == 0 ? null : having / (double) among;
    }
}
