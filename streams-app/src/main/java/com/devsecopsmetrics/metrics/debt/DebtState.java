package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What open and accepted findings add to a snapshot: counts by severity, risk, and the start times of the open
 * CRITICAL/HIGH episodes (their ages at any date follow from those). A finding adds the difference between its
 * states at each point of its timeline on that point's day, so the state as of the end of a day is the sum of
 * every day up to it; that is what lets a snapshot of any scope and date be summed from a few rows.
 * <p>Risk is severity × exploitability for a service, and is multiplied by the tier weight when the service's
 * share is added to a scope.
 */
public final class DebtState {
    /** The part of {@link #byStartMonth()} that holds the counts and risks. */
    public static final String COUNTS = "counts";
    private final long[] openBySeverity = new long[Severity.values().length];
    private double openRisk;
    private double acceptedRisk;
    /** per severity (by ordinal, null while none): when the open episodes started, and how many started then. */
    private final StartCounts[] starts = new StartCounts[Severity.values().length];
    /** the same for the CRITICAL/HIGH findings that are also PROVEN or LIKELY. */
    private final StartCounts exploitableCriticalHighStarts = new StartCounts();

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
                s.starts(point.severity()).add(start, 1);
                if (isCriticalOrHigh(point.severity())) {
                    if (point.exploitability() == Exploitability.PROVEN || point.exploitability() == Exploitability.LIKELY) {
                        s.exploitableCriticalHighStarts.add(start, 1);
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

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) another state. */
    public DebtState merge(DebtState other, int sign) {
        for (int i = 0; i < openBySeverity.length; i++) {
            openBySeverity[i] += sign * other.openBySeverity[i];
        }
        openRisk += sign * other.openRisk;
        acceptedRisk += sign * other.acceptedRisk;
        for (Severity severity : Severity.values()) {
            StartCounts theirs = other.starts[severity.ordinal()];
            if (theirs != null) {
                starts(severity).add(theirs, sign);
            }
        }
        exploitableCriticalHighStarts.add(other.exploitableCriticalHighStarts, sign);
        return this;
    }

    /** The sum of the states given, which are read and not changed (one state is its own sum: the same object). */
    public static DebtState sum(List<DebtState> states) {
        if (states.size() == 1) {
            return states.get(0);
        }
        DebtState sum = new DebtState();
        List<StartCounts> exploitable = new ArrayList<>(states.size());
        for (DebtState state : states) {
            for (int i = 0; i < sum.openBySeverity.length; i++) {
                sum.openBySeverity[i] += state.openBySeverity[i];
            }
            sum.openRisk += state.openRisk;
            sum.acceptedRisk += state.acceptedRisk;
            exploitable.add(state.exploitableCriticalHighStarts);
        }
        for (Severity severity : Severity.values()) {
            List<StartCounts> parts = new ArrayList<>(states.size());
            for (DebtState state : states) {
                if (state.starts[severity.ordinal()] != null) {
                    parts.add(state.starts[severity.ordinal()]);
                }
            }
            if (!parts.isEmpty()) {
                sum.starts[severity.ordinal()] = StartCounts.sum(parts);
            }
        }
        sum.exploitableCriticalHighStarts.add(StartCounts.sum(exploitable), 1);
        return sum;
    }

    /**
     * This state in parts that sum to it: its counts and risks under {@link #COUNTS}, and the start times of each
     * calendar month (UTC) under the month, "YYYY-MM". A running total kept in such parts is rewritten only where a
     * change touches it: mostly the newest month, not every open finding's start.
     */
    public Map<String, DebtState> byStartMonth() {
        Map<String, DebtState> parts = new TreeMap<>();
        DebtState counts = new DebtState();
        System.arraycopy(openBySeverity, 0, counts.openBySeverity, 0, openBySeverity.length);
        counts.openRisk = openRisk;
        counts.acceptedRisk = acceptedRisk;
        if (!counts.isEmpty()) {
            parts.put(COUNTS, counts);
        }
        for (Severity severity : Severity.values()) {
            if (starts[severity.ordinal()] != null) {
                sliceByMonth(starts[severity.ordinal()], parts, (part, slice) -> part.starts[severity.ordinal()] = slice);
            }
        }
        sliceByMonth(exploitableCriticalHighStarts, parts, (part, slice) -> part.exploitableCriticalHighStarts.add(slice, 1));
        return parts;
    }

    private static void sliceByMonth(StartCounts counts, Map<String, DebtState> parts, BiConsumer<DebtState, StartCounts> put) {
        int n = counts.size();
        for (int from = 0; from < n; ) {
            YearMonth month = YearMonth.from(Instant.ofEpochMilli(counts.start(from)).atOffset(ZoneOffset.UTC));
            long end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            int to = from + 1;
            while (to < n && counts.start(to) < end) {
                to++;
            }
            put.accept(parts.computeIfAbsent(month.toString(), k -> new DebtState()), counts.slice(from, to));
            from = to;
        }
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

    /** Asked of every row the ledger writes: plain loops, as in {@code DayFigures.isEmpty}. */
    public boolean isEmpty() {
        if (!(Math.abs(openRisk) < 1e-9 && Math.abs(acceptedRisk) < 1e-9) || !exploitableCriticalHighStarts.isEmpty()) {
            return false;
        }
        for (long n : openBySeverity) { // each, not their sum: a difference of two states may cancel across severities
            if (n != 0) {
                return false;
            }
        }
        for (StartCounts c : starts) {
            if (c != null && !c.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public long open(Severity s) {
        return openBySeverity[s.ordinal()];
    }

    public long open() {
        long open = 0;
        for (long n : openBySeverity) {
            open += n;
        }
        return open;
    }

    public double openRisk() {
        return openRisk;
    }

    public double acceptedRisk() {
        return acceptedRisk;
    }

    private StartCounts starts(Severity s) {
        StartCounts counts = starts[s.ordinal()];
        if (counts == null) {
            counts = new StartCounts();
            starts[s.ordinal()] = counts;
        }
        return counts;
    }

    /** Open findings of a severity by the start of their open episode (this state's own: read it, do not change it). */
    public StartCounts openStarts(Severity s) {
        StartCounts open = starts[s.ordinal()];
        return open == null ? new StartCounts() : open; // a new empty one: a shared one would be shared by every thread
    }

    public StartCounts exploitableCriticalHighStarts() {
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
                s.starts[severity.ordinal()] = readStarts(in, n);
            }
        }
        s.exploitableCriticalHighStarts.add(readStarts(in, in.readInt()), 1);
        return s;
    }

    /** Entries in ascending order of start, which lets a reader take them as they are. */
    private static void writeStarts(DataOutput out, StartCounts starts) throws IOException {
        int n = starts.size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(starts.start(i));
            out.writeLong(starts.count(i));
        }
    }

    private static StartCounts readStarts(DataInput in, int entries) throws IOException {
        long[] starts = new long[entries];
        long[] counts = new long[entries];
        for (int i = 0; i < entries; i++) {
            starts[i] = in.readLong();
            counts[i] = in.readLong();
        }
        return StartCounts.of(starts, counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebtState d && Arrays.equals(d.openBySeverity, openBySeverity)
                && Double.compare(d.openRisk, openRisk) == 0 && Double.compare(d.acceptedRisk, acceptedRisk) == 0
                && Arrays.equals(d.nonEmptyStarts(), nonEmptyStarts()) && d.exploitableCriticalHighStarts.equals(exploitableCriticalHighStarts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(openBySeverity);
    }

    @Override
    public String toString() {
        return "DebtState{open=" + Arrays.toString(openBySeverity) + ", risk=" + openRisk + ", accepted=" + acceptedRisk
                + ", starts=" + Arrays.toString(nonEmptyStarts()) + "}";
    }

    /** The start counts by severity, an empty one where there are none, so that equal states compare equal. */
    private StartCounts[] nonEmptyStarts() {
        StartCounts[] all = new StartCounts[starts.length];
        for (Severity severity : Severity.values()) {
            all[severity.ordinal()] = openStarts(severity);
        }
        return all;
    }
}
