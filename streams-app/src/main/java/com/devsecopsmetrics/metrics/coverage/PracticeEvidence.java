package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.DayFigures.Count;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
    private static final int EVERY_SCAN = SECRETS | SAST | DEPENDENCY | IMAGE | API_LINT;

    /** What a service showed over a lookback window. */
    public record Window(boolean secretScanning, boolean sast, boolean dependencyScanning, boolean imageScanning,
                         boolean apiLint, boolean gated, boolean evidenced) {
        static final Window NONE = new Window(false, false, false, false, false, false, false);
    }

    /** Bytes per day: the epoch day (int, big-endian) and its flags. */
    private static final int ENTRY = 5;
    /**
     * The stored form, 5-byte entries in day order, changed in place: a settle changes a day or two of a year-long
     * value, mostly the newest, so an insert is an append or a short move, with no boxed map to build and encode.
     */
    private byte[] entries = new byte[0];
    private int length;
    /** Whether {@link #entries} is also someone else's (the bytes decoded, or those last encoded): copied before a change. */
    private boolean shared;

    private int count() {
        return length / ENTRY;
    }

    private int dayAt(int index) {
        int at = index * ENTRY;
        return (entries[at] << 24) | ((entries[at + 1] & 0xff) << 16) | ((entries[at + 2] & 0xff) << 8) | (entries[at + 3] & 0xff);
    }

    /** The index of the first entry on or after {@code epochDay}. */
    private int firstOnOrAfter(long epochDay) {
        int low = 0;
        int high = count();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (dayAt(mid) < epochDay) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Makes {@link #entries} this value's own, with room for {@code extra} more bytes. */
    private void own(int extra) {
        if (shared || length + extra > entries.length) {
            entries = Arrays.copyOf(entries, length + Math.max(extra, Math.max(length / 2, 8 * ENTRY)));
            shared = false;
        }
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

    /** Sets a day's flags; false when they were already so. */
    public boolean set(long epochDay, int flags) {
        int index = firstOnOrAfter(epochDay);
        int at = index * ENTRY;
        if (index < count() && dayAt(index) == epochDay) {
            if ((entries[at + 4] & 0xff) == flags) {
                return false;
            }
            own(0);
            if (flags == 0) {
                System.arraycopy(entries, at + ENTRY, entries, at, length - at - ENTRY);
                length -= ENTRY;
            } else {
                entries[at + 4] = (byte) flags;
            }
            return true;
        }
        if (flags == 0) {
            return false;
        }
        own(ENTRY);
        System.arraycopy(entries, at, entries, at + ENTRY, length - at);
        length += ENTRY;
        int day = (int) epochDay;
        entries[at] = (byte) (day >>> 24);
        entries[at + 1] = (byte) (day >>> 16);
        entries[at + 2] = (byte) (day >>> 8);
        entries[at + 3] = (byte) day;
        entries[at + 4] = (byte) flags;
        return true;
    }

    /** Forgets the days before {@code epochDay}; false when there were none. */
    public boolean forgetBefore(long epochDay) {
        int drop = firstOnOrAfter(epochDay) * ENTRY;
        if (drop == 0) {
            return false;
        }
        own(0);
        System.arraycopy(entries, drop, entries, 0, length - drop);
        length -= drop;
        return true;
    }

    public OptionalLong firstDay() {
        return length == 0 ? OptionalLong.empty() : OptionalLong.of(dayAt(0));
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The evidence of the {@code lookbackDays} days ending with {@code date}. */
    public Window over(LocalDate date, int lookbackDays) {
        long last = date.toEpochDay();
        long first = last - lookbackDays + 1;
        int any = 0;
        int newestDeployment = 0;
        // Newest entry first: stop at the first day before the window, or once no older day can change the answer
        // (every scan seen and the newest deployment found); a snapshot reads one value per service.
        for (int index = count() - 1; index >= 0; index--) {
            long day = dayAt(index);
            if (day < first || (newestDeployment != 0 && (any & EVERY_SCAN) == EVERY_SCAN)) {
                break;
            }
            if (day <= last) {
                int flags = entries[index * ENTRY + 4] & 0xff;
                any |= flags;
                if (newestDeployment == 0 && (flags & DEPLOYED) != 0) {
                    newestDeployment = flags;
                }
            }
        }
        if (any == 0) {
            return Window.NONE;
        }
        return new Window((any & SECRETS) != 0, (any & SAST) != 0, (any & DEPENDENCY) != 0, (any & IMAGE) != 0,
                (any & API_LINT) != 0, (newestDeployment & LAST_GATED) != 0, (newestDeployment & LAST_EVIDENCED) != 0);
    }

    /** This evidence by calendar month: the epoch day of each month's first day -> the days of that month. */
    public Map<Long, PracticeEvidence> byMonth() {
        Map<Long, PracticeEvidence> months = new TreeMap<>();
        for (int from = 0; from < count(); ) {
            LocalDate first = LocalDate.ofEpochDay(dayAt(from)).withDayOfMonth(1);
            long next = first.plusMonths(1).toEpochDay();
            int to = from + 1;
            while (to < count() && dayAt(to) < next) {
                to++;
            }
            PracticeEvidence month = new PracticeEvidence();
            month.entries = Arrays.copyOfRange(entries, from * ENTRY, to * ENTRY);
            month.length = month.entries.length;
            months.put(first.toEpochDay(), month);
            from = to;
        }
        return months;
    }

    /** The evidence of months read oldest first, as one value (a single month's bytes are taken as they are). */
    public static PracticeEvidence concat(List<byte[]> months) {
        if (months.size() <= 1) {
            return decode(months.isEmpty() ? null : months.get(0));
        }
        PracticeEvidence e = new PracticeEvidence();
        for (byte[] month : months) {
            PracticeEvidence m = decode(month);
            e.own(m.length);
            System.arraycopy(m.entries, 0, e.entries, e.length, m.length);
            e.length += m.length;
        }
        return e;
    }

    public byte[] encode() {
        if (length != entries.length) {
            return Arrays.copyOf(entries, length);
        }
        shared = true;
        return entries;
    }

    public static PracticeEvidence decode(byte[] bytes) {
        PracticeEvidence e = new PracticeEvidence();
        if (bytes != null) {
            e.entries = bytes;
            e.length = bytes.length - bytes.length % ENTRY;
            e.shared = true;
        }
        return e;
    }
}
