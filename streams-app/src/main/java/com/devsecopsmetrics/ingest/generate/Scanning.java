package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import java.time.Instant;
import java.util.List;

/**
 * Scan results of one service. A scan may report new findings (which start their lifecycle) and
 * reports counts of the open findings of its scanner, so counts and lifecycles agree.
 * {@code finding_ids} is always left null: a list would close every open finding of the scanner it
 * does not mention, and only a complete, exactly consistent list may do that.
 */
final class Scanning {

    private final ServiceSimulation s;
    private final List<ScanPractice> practices;

    Scanning(ServiceSimulation s) {
        this.s = s;
        this.practices = ScanPractice.adoptedBy(s.profile, s.dice, s.historyStart, s.historyEnd);
    }

    void start(long at) {
        for (ScanPractice practice : practices) {
            s.every(at, practice.scansPerDay(), t -> scan(practice, t));
        }
    }

    private void scan(ScanPractice practice, long at) {
        s.every(at, practice.scansPerDay(), t -> scan(practice, t));
        if (!practice.activeAt(at)) {
            return;
        }
        String scanId = s.newScanId();
        String repo = practice.type() == ScanType.IAC ? s.profile.infrastructureRepo() : s.dice.pick(s.profile.repos);
        String lastCommit = s.delivery.lastCommitId();
        String commitId = lastCommit != null && s.dice.chance(0.85) ? lastCommit : null;
        double m = s.maturity(at);
        ScanOutcome outcome;
        int[] open = new int[4];
        if (s.dice.chance(0.02 + 0.03 * (1 - m))) {
            outcome = ScanOutcome.ERROR;
        } else {
            int found = s.dice.poisson(practice.intakePerScan() * (1.6 - m));
            for (int i = 0; i < found; i++) {
                s.findingLifecycles.open(at, Vocabulary.categoryFor(practice.type(), s.dice), practice.scanner(), scanId);
            }
            open = s.findingLifecycles.openCounts(practice.scanner(), at);
            outcome = open[0] + open[1] > 0 ? ScanOutcome.FAILED : ScanOutcome.PASSED;
        }
        s.emit(EventKind.SCAN_RESULTS, at, ScanResult.newBuilder()
                .setScanId(scanId)
                .setServiceId(s.id())
                .setRepo(repo)
                .setScanner(practice.scanner())
                .setScanType(practice.type())
                .setCommitId(commitId)
                .setCompletedAt(Instant.ofEpochMilli(at))
                .setOutcome(outcome)
                .setCritical(open[0])
                .setHigh(open[1])
                .setMedium(open[2])
                .setLow(open[3])
                .setFindingIds(null)
                .build());
    }
}
