package com.devsecopsmetrics.metrics.coverage;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PracticeEvidenceTest {
    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    @Test
    void theNewestDeploymentOfTheWindowDecidesGateAndEvidence() {
        PracticeEvidence e = new PracticeEvidence();
        e.set(START.toEpochDay(), PracticeEvidence.SAST | PracticeEvidence.DEPLOYED | PracticeEvidence.LAST_GATED);
        e.set(START.plusDays(3).toEpochDay(), PracticeEvidence.DEPLOYED | PracticeEvidence.LAST_EVIDENCED);
        e.set(START.plusDays(4).toEpochDay(), PracticeEvidence.SECRETS);
        PracticeEvidence.Window w = PracticeEvidence.decode(e.encode()).over(START.plusDays(10), 30);
        assertThat(w).isEqualTo(new PracticeEvidence.Window(true, true, false, false, false, false, true));
        // A window that starts after the SAST day and the gated deployment.
        assertThat(PracticeEvidence.decode(e.encode()).over(START.plusDays(31), 30))
                .isEqualTo(new PracticeEvidence.Window(true, false, false, false, false, false, true));
        assertThat(PracticeEvidence.decode(e.encode()).over(START.minusDays(1), 30)).isEqualTo(PracticeEvidence.Window.NONE);
    }

    @Test
    void theStoredFormAnswersLikeTheDecodedOne() {
        Random random = new Random(7);
        PracticeEvidence built = new PracticeEvidence();
        for (int i = 0; i < 300; i++) {
            built.set(START.plusDays(random.nextInt(200)).toEpochDay(), random.nextInt(256));
        }
        byte[] stored = built.encode();
        for (int d = -5; d < 240; d += 3) {
            LocalDate date = START.plusDays(d);
            PracticeEvidence decoded = PracticeEvidence.decode(stored);
            decoded.set(START.minusDays(100).toEpochDay(), 0); // forces the decoded form without changing anything
            assertThat(PracticeEvidence.decode(stored).over(date, 30)).as(date.toString()).isEqualTo(decoded.over(date, 30));
        }
    }

    /** Random sets and forgets, checked at every step against a map of day flags and the format it is stored in. */
    @Test
    void behavesLikeAMapOfDayFlags() {
        for (int seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            java.util.TreeMap<Long, Integer> model = new java.util.TreeMap<>();
            PracticeEvidence e = new PracticeEvidence();
            for (int step = 0; step < 400; step++) {
                long day = START.toEpochDay() + random.nextInt(120);
                int choice = random.nextInt(10);
                if (choice == 0) {
                    boolean any = !model.headMap(day).isEmpty();
                    model.headMap(day).clear();
                    assertThat(e.forgetBefore(day)).isEqualTo(any);
                } else if (choice == 1) {
                    e = PracticeEvidence.decode(e.encode()); // the next changes start from stored bytes
                } else {
                    int flags = random.nextInt(4) == 0 ? 0 : random.nextInt(256);
                    Integer old = flags == 0 ? model.remove(day) : model.put(day, flags);
                    assertThat(e.set(day, flags)).as("seed %d step %d", seed, step).isEqualTo(old == null ? flags != 0 : old != flags);
                }
                java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(model.size() * 5);
                model.forEach((d, f) -> expected.putInt((int) (long) d).put((byte) (int) f));
                assertThat(e.encode()).as("seed %d step %d", seed, step).isEqualTo(expected.array());
                assertThat(e.isEmpty()).isEqualTo(model.isEmpty());
                assertThat(e.firstDay().isPresent() ? e.firstDay().getAsLong() : null).isEqualTo(model.isEmpty() ? null : model.firstKey());
                LocalDate date = START.plusDays(random.nextInt(130) - 5);
                assertThat(e.over(date, 30)).isEqualTo(window(model, date.toEpochDay(), 30));
            }
        }
    }

    private static PracticeEvidence.Window window(java.util.TreeMap<Long, Integer> model, long last, int days) {
        int any = 0;
        int newest = 0;
        for (var entry : model.subMap(last - days + 1, true, last, true).entrySet()) {
            any |= entry.getValue();
            if ((entry.getValue() & PracticeEvidence.DEPLOYED) != 0) {
                newest = entry.getValue();
            }
        }
        return any == 0 ? PracticeEvidence.Window.NONE : new PracticeEvidence.Window((any & PracticeEvidence.SECRETS) != 0,
                (any & PracticeEvidence.SAST) != 0, (any & PracticeEvidence.DEPENDENCY) != 0, (any & PracticeEvidence.IMAGE) != 0,
                (any & PracticeEvidence.API_LINT) != 0, (newest & PracticeEvidence.LAST_GATED) != 0,
                (newest & PracticeEvidence.LAST_EVIDENCED) != 0);
    }
}
