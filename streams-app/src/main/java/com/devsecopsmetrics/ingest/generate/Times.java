package com.devsecopsmetrics.ingest.generate;

/** Time arithmetic on epoch milliseconds, the generator's internal clock unit. */
final class Times {

    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    /**
     * Share of a week's hours weighted by {@link #workingIntensity}; a process thinned by that
     * intensity must draw candidates this much faster to keep its average daily rate.
     */
    static final double MEAN_WORKING_INTENSITY = (5 * (11 * 1.0 + 13 * 0.12) + 2 * 24 * 0.08) / (7 * 24);

    private Times() {
    }

    /**
     * {@code minutes} after {@code at}, on a whole second and at least one second later: events
     * read better without milliseconds, and strictly later times keep every lifecycle unambiguous.
     */
    static long after(long at, double minutes) {
        long later = at + Math.max(SECOND, Math.round(minutes * MINUTE));
        return ceilToSecond(later);
    }

    static long ceilToSecond(long at) {
        return Math.floorDiv(at + SECOND - 1, SECOND) * SECOND;
    }

    /**
     * How busy people are at this instant in a team's local time: full on weekday working hours,
     * a trickle at night and at weekends. Used to thin commits and releases.
     */
    static double workingIntensity(long at, int utcOffsetHours) {
        long local = at + utcOffsetHours * HOUR;
        long day = Math.floorDiv(local, DAY);
        int dayOfWeek = (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
        int hour = (int) (Math.floorMod(local, DAY) / HOUR);
        if (dayOfWeek >= 5) {
            return 0.08;
        }
        return hour >= 8 && hour < 19 ? 1.0 : 0.12;
    }
}
