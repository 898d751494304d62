package com.devsecopsmetrics.coverage;

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
}
