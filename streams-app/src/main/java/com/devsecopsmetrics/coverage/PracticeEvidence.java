package com.devsecopsmetrics.coverage;

import com.devsecopsmetrics.ledger.DayFigures;
import com.devsecopsmetrics.ledger.DayFigures.Count;


import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One service's evidence of the scanning and release practices, one byte per day within retention: which scan
 * types ran, whether it deployed, and the gate and evidence of that day's last deployment. A snapshot reads one
 * such value per service instead of a month of day rows.
 */
public final class PracticeEvidence {
    static final int SECRETS = 1;
    static final int SAST = 1 << 1;
    static final int DEPENDENCY = 1 << 2;
    static final int IMAGE = 1 << 3;
    static final int API_LINT = 1 << 4;
    static final int DEPLOYED = 1 << 5;
    static final int LAST_GATED = 1 << 6;
    static final int LAST_EVIDENCED = 1 << 7;

    /** What a service showed over a lookback window. */
    public record Window(boolean secretScanning, boolean sast, boolean dependencyScanning, boolean imageScanning,
                         boolean apiLint, boolean gated, boolean evidenced) {
        static final Window NONE = new Window(false, false, false, false, false, false, false);
    }

    /** epoch day -> flags; decoded from {@link #encoded} only when the evidence changes. */
    private TreeMap<Long, Integer> days;
    /** The stored form: 5-byte entries (epoch day, flags) in day order; read in place by {@link #over}. */
    private byte[] encoded;

    private TreeMap<Long, Integer> days() {
        if (days == null) {
            days = new TreeMap<>();
            if (encoded != null) {
                ByteBuffer b = ByteBuffer.wrap(encoded);
                while (b.remaining() >= 5) {
                    days.put((long) b.getInt(), b.get() & 0xff);
                }
            }
            encoded = null;
        }
        return days;
    }

    /**
     * The flags of one day.
     *
     * @param newestDeployment that day's last production deployment as "deployed_at|id|gated|evidenced", or null
     */
    public static int flags(DayFigures row, String[] newestDeployment) {
        int f = 0;
        if (row != null) {
            f |= row.get(Count.SECRETS_SCANS) > 0 ? SECRETS : 0;
            f |= row.get(Count.SAST_SCANS) > 0 ? SAST : 0;
            f |= row.get(Count.SCA_SCANS) + row.get(Count.SBOM_SCANS) > 0 ? DEPENDENCY : 0;
            f |= row.get(Count.IMAGE_SCANS) > 0 ? IMAGE : 0;
            f |= row.get(Count.API_LINT_SCANS) > 0 ? API_LINT : 0;
        }
        if (newestDeployment != null) {
            f |= DEPLOYED;
            f |= "1".equals(newestDeployment[2]) ? LAST_GATED : 0;
            f |= "1".equals(newestDeployment[3]) ? LAST_EVIDENCED : 0;
        }
        return f;
    }

    /** The last deployment of a day from its day-deployments value (entries sort by deployed_at, then id), or null. */
    public static String[] newestDeployment(String dayValue) {
        return dayValue == null || dayValue.isEmpty()
                ? null : com.devsecopsmetrics.ledger.LedgerKeys.split(com.devsecopsmetrics.ledger.SortedEntries.decode(dayValue).last());
    }

    /** Sets a day's flags; false when they were already so. */
    public boolean set(long epochDay, int flags) {
        Integer old = flags == 0 ? days().remove(epochDay) : days().put(epochDay, flags);
        return old == null ? flags != 0 : old != flags;
    }

    /** Forgets the days before {@code epochDay}; false when there were none. */
    public boolean forgetBefore(long epochDay) {
        NavigableMap<Long, Integer> old = days().headMap(epochDay, false);
        boolean any = !old.isEmpty();
        old.clear();
        return any;
    }

    public java.util.OptionalLong firstDay() {
        return days().isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(days().firstKey());
    }

    public boolean isEmpty() {
        return days().isEmpty();
    }

    /** The evidence of the {@code lookbackDays} days ending with {@code date}. */
    public Window over(LocalDate date, int lookbackDays) {
        long last = date.toEpochDay();
        long first = last - lookbackDays + 1;
        int any = 0;
        int newestDeployment = 0;
        if (encoded != null) {
            // Newest entry first: stop at the first day before the window; a snapshot reads one value per service.
            for (int at = encoded.length - 5; at >= 0; at -= 5) {
                long day = ByteBuffer.wrap(encoded, at, 4).getInt();
                if (day < first) {
                    break;
                }
                if (day <= last) {
                    int flags = encoded[at + 4] & 0xff;
                    any |= flags;
                    if (newestDeployment == 0 && (flags & DEPLOYED) != 0) {
                        newestDeployment = flags;
                    }
                }
            }
        } else {
            for (Map.Entry<Long, Integer> day : days().subMap(first, true, last, true).descendingMap().entrySet()) {
                any |= day.getValue();
                if (newestDeployment == 0 && (day.getValue() & DEPLOYED) != 0) {
                    newestDeployment = day.getValue();
                }
            }
        }
        if (any == 0) {
            return Window.NONE;
        }
        return new Window((any & SECRETS) != 0, (any & SAST) != 0, (any & DEPENDENCY) != 0, (any & IMAGE) != 0,
                (any & API_LINT) != 0, (newestDeployment & LAST_GATED) != 0, (newestDeployment & LAST_EVIDENCED) != 0);
    }

    public byte[] encode() {
        if (encoded != null) {
            return encoded;
        }
        ByteBuffer b = ByteBuffer.allocate(days.size() * 5);
        days.forEach((day, flags) -> b.putInt((int) (long) day).put((byte) (int) flags));
        return b.array();
    }

    public static PracticeEvidence decode(byte[] bytes) {
        PracticeEvidence e = new PracticeEvidence();
        e.encoded = bytes == null ? new byte[0] : bytes;
        return e;
    }
}
