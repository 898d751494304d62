package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A finding's state timeline as one compact store value: points separated by ';', fields by ','. */
public final class TimelineCodec {
    private TimelineCodec() {
    }

    public static String encode(List<FindingHistory.StatePoint> points) {
        StringBuilder b = new StringBuilder(points.size() * 48);
        for (FindingHistory.StatePoint p : points) {
            if (!b.isEmpty()) {
                b.append(';');
            }
            b.append(p.at().toEpochMilli()).append(',').append(p.state().name()).append(',')
                    .append(p.episodeStart() == null ? "" : String.valueOf(p.episodeStart().toEpochMilli())).append(',')
                    .append(p.severity().name()).append(',').append(p.exploitability().name());
        }
        return b.toString();
    }

    public static List<FindingHistory.StatePoint> decode(String value) {
        List<FindingHistory.StatePoint> points = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return points;
        }
        for (String p : value.split(";")) {
            String[] f = p.split(",", -1);
            points.add(new FindingHistory.StatePoint(Instant.ofEpochMilli(Long.parseLong(f[0])), FindingHistory.State.valueOf(f[1]),
                    f[2].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[2])), Severity.valueOf(f[3]), Exploitability.valueOf(f[4])));
        }
        return points;
    }

    /**
     * The state in force just before {@code end}, read straight from the encoded value: only the point that
     * applies is decoded, since a snapshot reads every finding of a scope.
     */
    public static FindingHistory.StatePoint at(String encoded, Instant end) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        long limit = end.toEpochMilli();
        int chosen = -1;
        int start = 0;
        while (start < encoded.length()) {
            int comma = encoded.indexOf(',', start);
            if (Long.parseLong(encoded, start, comma, 10) >= limit) {
                break; // points are in time order
            }
            chosen = start;
            int semicolon = encoded.indexOf(';', comma);
            start = semicolon < 0 ? encoded.length() : semicolon + 1;
        }
        if (chosen < 0) {
            return null;
        }
        int endOfPoint = encoded.indexOf(';', chosen);
        return decode(encoded.substring(chosen, endOfPoint < 0 ? encoded.length() : endOfPoint)).get(0);
    }

    /** The state in force just before {@code end}, or null when the finding did not exist yet. */
    public static FindingHistory.StatePoint at(List<FindingHistory.StatePoint> points, Instant end) {
        FindingHistory.StatePoint last = null;
        for (FindingHistory.StatePoint p : points) {
            if (!p.at().isBefore(end)) {
                break;
            }
            last = p;
        }
        return last;
    }
}
