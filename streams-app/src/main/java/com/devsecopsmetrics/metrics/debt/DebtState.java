package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.HashMap;

/**
 * What open and accepted findings add to a snapshot: counts by severity, risk, and the start times of the open
 * CRITICAL/HIGH episodes (their ages at any date follow from those). A finding adds the difference between its
 * states at each point of its timeline on that point's day, so the state as of the end of a day is the sum of
 * every day up to it; that is what lets a snapshot of any scope and date be summed from a few rows.
 * <p>Risk is severity × exploitability for a service, and is multiplied by the tier weight when the service's
 * share is added to a scope.
 */
public final class DebtState {
    private final long[] openBySeverity = new long[Severity.values().length];
    private double openRisk;
    private double acceptedRisk;
    /** per severity: start of the open episode (epoch ms) -> open findings that started then. */
    private final EnumMap<Severity, HashMap<Long, Long>> starts = new EnumMap<>(Severity.class);
    /** the same for the CRITICAL/HIGH findings that are also PROVEN or LIKELY. */
    private final HashMap<Long, Long> exploitableCriticalHighStarts = new HashMap<>();

    /** What one finding in {@code point}'s state adds; nothing when it is closed or did not exist. */
    public static DebtState of(FindingHistory.StatePoint point, RiskWeights weights) {
        DebtState s = new DebtState();
        if (point == null) {
            return s;
        }
        int risk = weights.of(point.severity(), point.exploitability());
        switch (point.state()) {
            case OPEN -> {
                s.openBySeverity[point.severity().ordinal()] = 1;
                s.openRisk = risk;
                long start = point.episodeStart().toEpochMilli();
                s.starts(point.severity()).put(start, 1L);
                if (isCriticalOrHigh(point.severity())) {
                    if (point.exploitability() == Exploitability.PROVEN || point.exploitability() == Exploitability.LIKELY) {
                        s.exploitableCriticalHighStarts.put(start, 1L);
                    }
                }
            }
            case ACCEPTED -> s.acceptedRisk = risk;
            case CLOSED -> {
            }
        }
        return s;
    }

    public static boolean isCriticalOrHigh(Severity s) {
        return s == Severity.CRITICAL || s == Severity.HIGH;
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) another state; the start maps are hashed, as a snapshot adds many rows. */
    public DebtState merge(DebtState other, int sign) {
        for (int i = 0; i < openBySeverity.length; i++) {
            openBySeverity[i] += sign * other.openBySeverity[i];
        }
        openRisk += sign * other.openRisk;
        acceptedRisk += sign * other.acceptedRisk;
        other.starts.forEach((severity, theirs) -> {
            add(starts(severity), theirs, sign);
            if (starts.get(severity).isEmpty()) {
                starts.remove(severity);
            }
        });
        add(exploitableCriticalHighStarts, other.exploitableCriticalHighStarts, sign);
        return this;
    }

    private static void add(Map<Long, Long> into, Map<Long, Long> from, int sign) {
        from.forEach((start, n) -> {
            long updated = into.getOrDefault(start, 0L) + sign * n;
            if (updated == 0) {
                into.remove(start);
            } else {
                into.put(start, updated);
            }
        });
    }

    /** This state as a scope sees it: risk weighted by the service's tier. */
    public DebtState weighted(int tierWeight) {
        DebtState copy = copy();
        copy.openRisk *= tierWeight;
        copy.acceptedRisk *= tierWeight;
        return copy;
    }

    public DebtState copy() {
        return new DebtState().merge(this, 1);
    }

    public boolean isEmpty() {
        return Arrays.stream(openBySeverity).noneMatch(n -> n != 0)
                && Math.abs(openRisk) < 1e-9 && Math.abs(acceptedRisk) < 1e-9
                && starts.isEmpty() && exploitableCriticalHighStarts.isEmpty();
    }

    public long open(Severity s) {
        return openBySeverity[s.ordinal()];
    }

    public long open() {
        return Arrays.stream(openBySeverity).sum();
    }

    public double openRisk() {
        return openRisk;
    }

    public double acceptedRisk() {
        return acceptedRisk;
    }

    private HashMap<Long, Long> starts(Severity s) {
        return starts.computeIfAbsent(s, k -> new HashMap<>());
    }

    /** Open findings of a severity by the start of their open episode. */
    public Map<Long, Long> openStarts(Severity s) {
        Map<Long, Long> open = starts.get(s);
        return open == null ? Map.of() : open;
    }

    public Map<Long, Long> exploitableCriticalHighStarts() {
        return exploitableCriticalHighStarts;
    }

    public void writeTo(DataOutput out) throws IOException {
        for (long n : openBySeverity) {
            out.writeLong(n);
        }
        out.writeDouble(openRisk);
        out.writeDouble(acceptedRisk);
        for (Severity severity : Severity.values()) {
            writeStarts(out, openStarts(severity));
        }
        writeStarts(out, exploitableCriticalHighStarts);
    }

    public static DebtState readFrom(DataInput in) throws IOException {
        DebtState s = new DebtState();
        for (int i = 0; i < s.openBySeverity.length; i++) {
            s.openBySeverity[i] = in.readLong();
        }
        s.openRisk = in.readDouble();
        s.acceptedRisk = in.readDouble();
        for (Severity severity : Severity.values()) {
            int n = in.readInt();
            if (n > 0) {
                readStarts(in, n, s.starts(severity));
            }
        }
        readStarts(in, in.readInt(), s.exploitableCriticalHighStarts);
        return s;
    }

    private static void writeStarts(DataOutput out, Map<Long, Long> starts) throws IOException {
        out.writeInt(starts.size());
        for (Map.Entry<Long, Long> e : starts.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static void readStarts(DataInput in, int entries, Map<Long, Long> into) throws IOException {
        for (int n = entries; n > 0; n--) {
            into.put(in.readLong(), in.readLong());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebtState d && Arrays.equals(d.openBySeverity, openBySeverity)
                && Double.compare(d.openRisk, openRisk) == 0 && Double.compare(d.acceptedRisk, acceptedRisk) == 0
                && d.starts.equals(starts) && d.exploitableCriticalHighStarts.equals(exploitableCriticalHighStarts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(openBySeverity);
    }

    @Override
    public String toString() {
        return "DebtState{open=" + Arrays.toString(openBySeverity) + ", risk=" + openRisk + ", accepted=" + acceptedRisk
                + ", starts=" + starts + "}";
    }
}
