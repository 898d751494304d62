package com.devsecopsmetrics.metrics.coverage;

import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;

/** A scan that ran counts as evidence of its practice on its day, whatever it found; an ERROR scan does not. */
public final class ScanContributions {
    private ScanContributions() {
    }

    public static Contribution of(ScanResult scan) {
        Contribution c = Contribution.none();
        if (scan != null && scan.getOutcome() != ScanOutcome.ERROR) {
            c.on(scan.getCompletedAt()).count(DayFigures.Count.scansOf(scan.getScanType()));
        }
        return c;
    }
}
