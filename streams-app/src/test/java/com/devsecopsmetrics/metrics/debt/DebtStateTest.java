package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A running total kept in parts by start month: the parts must add up to the whole, each holding only its own. */
class DebtStateTest {

    @Test
    void partsByStartMonthSumToTheStateAndHoldOnlyTheirMonth() {
        Random random = new Random(5);
        for (int round = 0; round < 300; round++) {
            DebtState state = randomChange(random);
            Map<String, DebtState> parts = state.byStartMonth();
            assertEquals(state, DebtState.sum(new ArrayList<>(parts.values())).copy());
            DebtState sumOneByOne = new DebtState();
            parts.values().forEach(part -> sumOneByOne.merge(part, 1));
            assertEquals(state, sumOneByOne);
            parts.forEach((key, part) -> {
                assertFalse(part.isEmpty(), key);
                if (key.equals(DebtState.COUNTS)) {
                    for (Severity s : Severity.values()) {
                        assertTrue(part.openStarts(s).isEmpty());
                    }
                    assertTrue(part.exploitableCriticalHighStarts().isEmpty());
                    return;
                }
                assertEquals(0, part.open());
                assertEquals(0.0, part.openRisk());
                assertEquals(0.0, part.acceptedRisk());
                List<StartCounts> all = new ArrayList<>();
                for (Severity s : Severity.values()) {
                    all.add(part.openStarts(s));
                }
                all.add(part.exploitableCriticalHighStarts());
                for (StartCounts counts : all) {
                    for (int i = 0; i < counts.size(); i++) {
                        assertEquals(key, YearMonth.from(Instant.ofEpochMilli(counts.start(i)).atOffset(ZoneOffset.UTC)).toString());
                    }
                }
            });
        }
    }

    @Test
    void aStateWithNothingHasNoParts() {
        assertTrue(new DebtState().byStartMonth().isEmpty());
    }

    @Test
    void isEmptyOnlyWhenEveryFigureIsNothing() {
        Random random = new Random(11);
        int empty = 0;
        for (int round = 0; round < 400; round++) {
            DebtState state = randomChange(random);
            if (random.nextBoolean()) {
                state.merge(state.copy(), -1); // a change undone: empty, however it was made
            } else if (random.nextInt(3) == 0) {
                DebtState one = randomChange(random);
                state = one.copy().merge(one, -1).merge(randomChange(random), random.nextBoolean() ? 1 : -1);
            }
            boolean nothing = Math.abs(state.openRisk()) < 1e-9 && Math.abs(state.acceptedRisk()) < 1e-9
                    && state.exploitableCriticalHighStarts().isEmpty();
            for (Severity s : Severity.values()) {
                nothing &= state.open(s) == 0 && state.openStarts(s).isEmpty();
            }
            assertEquals(nothing, state.isEmpty(), state.toString());
            empty += nothing ? 1 : 0;
        }
        assertTrue(empty > 100 && empty < 300, "both answers asked often: " + empty);
    }

    /** Findings opened, accepted and closed, as a settle's change of a scope: additions and removals of points. */
    private static DebtState randomChange(Random random) {
        DebtState state = new DebtState();
        int findings = random.nextInt(4) == 0 ? random.nextInt(6_000) : random.nextInt(30);
        for (int i = 0; i < findings; i++) {
            // Starts over three years, some on month boundaries exactly.
            long start = random.nextInt(5) == 0
                    ? YearMonth.of(2024 + random.nextInt(3), 1 + random.nextInt(12)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                    - random.nextInt(2)
                    : 1_700_000_000_000L + random.nextLong(1_000L * 86_400_000L);
            FindingHistory.State kind = FindingHistory.State.values()[random.nextInt(FindingHistory.State.values().length)];
            Severity severity = Severity.values()[random.nextInt(Severity.values().length)];
            Exploitability exploitability = Exploitability.values()[random.nextInt(Exploitability.values().length)];
            var point = new FindingHistory.StatePoint(Instant.ofEpochMilli(start + 1), kind, Instant.ofEpochMilli(start), severity, exploitability);
            state.merge(DebtState.of(point, RiskWeights.DEFAULT), random.nextInt(4) == 0 ? -1 : 1);
        }
        return state;
    }
}
