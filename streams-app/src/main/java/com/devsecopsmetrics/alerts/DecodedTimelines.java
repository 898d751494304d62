package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.metrics.debt.FindingHistory;
import com.devsecopsmetrics.metrics.debt.TimelineCodec;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Each tier-1 service's finding timelines as the reporter last decoded them. A report reads the timelines of every
 * tier-1 service each completed day, and most services have had no finding event since the day before: their
 * timelines are read again only when the service's timeline version moved, then only those the ledger says it
 * changed (all of them when it cannot say), and a timeline is decoded again only when its stored value differs.
 */
final class DecodedTimelines {
    private record Decoded(String encoded, List<FindingHistory.StatePoint> points) {
    }

    private record ServiceTimelines(Long version, Map<String, Decoded> byFinding,
                                    Map<String, List<FindingHistory.StatePoint>> points) {
    }

    private final Map<String, ServiceTimelines> byService = new HashMap<>();

    /**
     * @param version the service's timeline version now (null when it has none)
     * @param changed the findings whose timelines changed since the last call for the service, as the ledger recorded
     *                them; null when it recorded none (it has not started)
     * @param readAll finding id -> encoded timeline, as stored now
     * @param readOne one finding's encoded timeline, as stored now (null when it has none)
     * @return finding id -> state points
     */
    Map<String, List<FindingHistory.StatePoint>> of(String service, Long version, Set<String> changed,
                                                    Supplier<Map<String, String>> readAll, Function<String, String> readOne) {
        ServiceTimelines before = byService.get(service);
        if (before != null && Objects.equals(before.version(), version)) {
            return before.points();
        }
        if (before != null && changed != null && !changed.isEmpty()) {
            // Every change bumps the version and is recorded with it, so the changed findings are all that moved.
            // Forgotten while they are applied: if a read fails halfway, the next call reads everything again.
            byService.remove(service);
            changed.forEach(findingId -> {
                String value = readOne.apply(findingId);
                Decoded previous = before.byFinding().get(findingId);
                if (value == null) {
                    before.byFinding().remove(findingId);
                    before.points().remove(findingId);
                } else if (previous == null || !previous.encoded().equals(value)) {
                    Decoded d = new Decoded(value, TimelineCodec.decode(value));
                    before.byFinding().put(findingId, d);
                    before.points().put(findingId, d.points());
                }
            });
            byService.put(service, new ServiceTimelines(version, before.byFinding(), before.points()));
            return before.points();
        }
        Map<String, Decoded> known = before == null ? Map.of() : before.byFinding();
        Map<String, String> encoded = readAll.get();
        Map<String, Decoded> byFinding = new HashMap<>(encoded.size() * 2);
        Map<String, List<FindingHistory.StatePoint>> points = new HashMap<>(encoded.size() * 2);
        encoded.forEach((findingId, value) -> {
            Decoded previous = known.get(findingId);
            Decoded d = previous != null && previous.encoded().equals(value) ? previous : new Decoded(value, TimelineCodec.decode(value));
            byFinding.put(findingId, d);
            points.put(findingId, d.points());
        });
        byService.put(service, new ServiceTimelines(version, byFinding, points));
        return points;
    }

    /** The services whose timelines are kept. */
    Set<String> services() {
        return byService.keySet();
    }

    /** Forgets the services no longer reported (moved out of tier 1, or gone from the partition). */
    void retainOnly(Collection<String> services) {
        byService.keySet().retainAll(services);
    }

    void clear() {
        byService.clear();
    }
}
