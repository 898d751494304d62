package com.devsecopsmetrics.metrics;

import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.metrics.debt.DebtState;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the metrics of DESIGN §4 need from one service (or scope) on one UTC day: counts, sums and sample
 * sketches. Figures add and subtract, so a day can be corrected when a late event changes what an earlier
 * one contributed, and days and services compose into any period and scope.
 */
public final class DayFigures {
    /** Counted things. */
    public enum Count {
        DEPLOYMENTS, FAILED, SECURITY_FAILED, REWORK, EVIDENCE_COMPLETE, GATE_BYPASSED, GATE_PASSED, HOTFIXES,
        SECURITY_HOTFIXES, INCIDENTS_RESOLVED, BYPASS_RESOLUTIONS, COMMITS, SECRET_EXPOSURES, SECRET_ROTATIONS,
        WAIT_WITH_PIPELINE, INTAKE, FIXED, REOPENED, TRIAGED, NEW_CODE_FINDINGS,
        /** Scans that ran (any outcome but ERROR), per scan type: the evidence of the scanning practices. */
        SAST_SCANS, SECRETS_SCANS, SCA_SCANS, SBOM_SCANS, IMAGE_SCANS, IAC_SCANS, DAST_SCANS, API_LINT_SCANS;

        public static Count scansOf(ScanType type) {
            return valueOf(type.name() + "_SCANS");
        }
    }

    /** Summed quantities, for means and shares. */
    public enum Sum {
        RESTORE_HOURS, BYPASS_RESOLUTION_HOURS, SECRET_ROTATION_HOURS, SECURITY_WAIT_MINUTES_WITH_PIPELINE,
        PIPELINE_MINUTES_WITH_WAIT, TRIAGE_HOURS,
        /** severity × exploitability of new-code intake; the tier weight is applied when a scope is formed. */
        NEW_CODE_BASE_RISK
    }

    /** Sample distributions, for percentiles. */
    public enum Samples {
        LEAD_TIME_HOURS, RESTORE_HOURS, EXPLOITABLE_REMEDIATION_DAYS, SECURITY_WAIT_MINUTES
    }

    private final long[] counts = new long[Count.values().length];
    private final double[] sums = new double[Sum.values().length];
    // Most figures (a commit's, a scan's) have no samples and no defect classes: the maps are made when first used.
    private EnumMap<Samples, SampleSketch> samples;
    /** defect class -> findings of that class whose first episode started this day. */
    private TreeMap<String, Long> intakeByDefectClass;
    /** The change in open and accepted findings this day (service rows only; scopes keep theirs apart). */
    private DebtState debt;

    public DayFigures count(Count c, long n) {
        counts[c.ordinal()] += n;
        return this;
    }

    public DayFigures count(Count c) {
        return count(c, 1);
    }

    public DayFigures sum(Sum s, double x) {
        sums[s.ordinal()] += x;
        return this;
    }

    public DayFigures sample(Samples s, double x) {
        samplesMap().computeIfAbsent(s, k -> new SampleSketch()).add(x);
        return this;
    }

    public DayFigures defectClassIntake(String defectClass, long n) {
        if (intakeByDefectClass == null) {
            intakeByDefectClass = new TreeMap<>();
        }
        long updated = intakeByDefectClass.getOrDefault(defectClass, 0L) + n;
        if (updated == 0) {
            intakeByDefectClass.remove(defectClass);
        } else {
            intakeByDefectClass.put(defectClass, updated);
        }
        return this;
    }

    public long get(Count c) {
        return counts[c.ordinal()];
    }

    public double get(Sum s) {
        return sums[s.ordinal()];
    }

    public SampleSketch get(Samples s) {
        return samples == null ? EMPTY : samples.getOrDefault(s, EMPTY);
    }

    private static final SampleSketch EMPTY = new SampleSketch();

    /** Adds a change of open and accepted findings to this day. */
    public DayFigures debt(DebtState change, int sign) {
        if (debt == null) {
            debt = new DebtState();
        }
        debt.merge(change, sign);
        if (debt.isEmpty()) {
            debt = null;
        }
        return this;
    }

    /** The change of open and accepted findings this day; empty when none. */
    public DebtState debt() {
        return debt == null ? new DebtState() : debt;
    }

    public Map<String, Long> intakeByDefectClass() {
        return intakeByDefectClass == null ? Map.of() : intakeByDefectClass;
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) another day's figures. */
    public DayFigures merge(DayFigures other, int sign) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += sign * other.counts[i];
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] += sign * other.sums[i];
        }
        if (other.samples != null) {
            other.samples.forEach((k, sketch) -> {
                SampleSketch mine = samplesMap().computeIfAbsent(k, x -> new SampleSketch());
                mine.merge(sketch, sign);
                if (mine.isEmpty()) {
                    samples.remove(k);
                }
            });
        }
        if (other.intakeByDefectClass != null) {
            other.intakeByDefectClass.forEach((k, n) -> defectClassIntake(k, sign * n));
        }
        if (other.debt != null) {
            debt(other.debt, sign);
        }
        return this;
    }

    /** These figures as a scope sees them: new-code risk weighted by the service's tier. */
    public DayFigures weightedForTier(int tierWeight) {
        DayFigures copy = copy();
        copy.sums[Sum.NEW_CODE_BASE_RISK.ordinal()] *= tierWeight;
        return copy;
    }

    /** These figures as a scope row keeps them: weighted for the service's tier, without the debt change. */
    public DayFigures forScope(int tierWeight) {
        DayFigures copy = weightedForTier(tierWeight);
        copy.debt = null;
        return copy;
    }

    public DayFigures copy() {
        return new DayFigures().merge(this, 1);
    }

    /** Asked of every row the ledger writes; plain loops, as a stream pipeline per array was 2% of the stream threads. */
    public boolean isEmpty() {
        if (debt != null || (samples != null && !samples.isEmpty())
                || (intakeByDefectClass != null && !intakeByDefectClass.isEmpty())) {
            return false;
        }
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        for (double s : sums) {
            if (Math.abs(s) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** The figures' own arrays and map, for the ledger's serde: encoding them must not copy every row. */
    public long[] countsArray() {
        return counts;
    }

    public double[] sumsArray() {
        return sums;
    }

    public EnumMap<Samples, SampleSketch> samplesMap() {
        if (samples == null) {
            samples = new EnumMap<>(Samples.class);
        }
        return samples;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DayFigures d && Arrays.equals(d.counts, counts) && Arrays.equals(d.sums, sums)
                && d.samplesMap().equals(samplesMap()) && d.intakeByDefectClass().equals(intakeByDefectClass())
                && Objects.equals(d.debt, debt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "DayFigures" + Arrays.toString(counts);
    }
}
