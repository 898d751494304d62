package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything that happens to one service, simulated as a discrete-event process on its own agenda
 * with its own random stream. Services never read each other's state, so the organisation's
 * history is the same however its time is cut into windows.
 */
final class ServiceSimulation {

    final int index;
    final ServiceProfile profile;
    final Dice dice;
    final Agenda agenda = new Agenda();
    final List<Team> teams;
    final long historyStart;
    final long historyEnd;

    private final Timeline timeline;
    private final long idSalt;
    private long emitted;
    private int commits;
    private int deployments;
    private int incidents;
    private int scans;
    private int findings;

    final Findings findingLifecycles;
    final Incidents incidentLog;
    final Delivery delivery;
    private final Scanning scanning;
    private final CatalogueChanges catalogueChanges;

    ServiceSimulation(int index, ServiceProfile profile, Dice dice, Timeline timeline, List<Team> teams,
                      long historyStart, long historyEnd, long idSalt) {
        this.index = index;
        this.profile = profile;
        this.dice = dice;
        this.timeline = timeline;
        this.teams = teams;
        this.historyStart = historyStart;
        this.historyEnd = historyEnd;
        this.idSalt = idSalt;
        this.findingLifecycles = new Findings(this);
        this.incidentLog = new Incidents(this);
        this.delivery = new Delivery(this);
        this.scanning = new Scanning(this);
        this.catalogueChanges = new CatalogueChanges(this);
    }

    /** Publishes the catalogue entry and sets every recurring process going. */
    void start() {
        emit(EventKind.SERVICES, historyStart, profile.toEvent(historyStart));
        delivery.start(historyStart);
        scanning.start(historyStart);
        incidentLog.start(historyStart);
        findingLifecycles.start(historyStart);
        catalogueChanges.start(historyStart);
    }

    void advanceTo(long bound) {
        agenda.runBefore(bound);
    }

    void emit(EventKind kind, long at, SpecificRecord event) {
        if (at < agenda.now() || at < historyStart) {
            throw new IllegalStateException("event before the simulation's present: " + event);
        }
        timeline.add(at, index, emitted++, kind, event);
    }

    String id() {
        return profile.id;
    }

    double maturity(long at) {
        return profile.team.maturityAt(at);
    }

    /** Schedules a recurring process: its next occurrence an exponential wait away. */
    void every(long from, double perDay, LongConsumer action) {
        double meanDays = perDay > 0 ? 1.0 / perDay : 1e6;
        agenda.at(Times.after(from, dice.exponential(meanDays) * 24 * 60), action);
    }

    /**
     * A sha-like commit id. The first 16 hex digits are a bijective mix of (service, counter), so
     * ids are unique by construction; the rest is noise so they look like real shas.
     */
    String newCommitId() {
        long unique = ((long) index << 32) | (++commits);
        return hex(mix(unique ^ idSalt), 16) + hex(dice.nextLong(), 16) + hex(dice.nextLong(), 8);
    }

    String newDeploymentId() {
        return "deploy-" + profile.id + "-" + (++deployments);
    }

    String newIncidentId() {
        return "INC-" + profile.id + "-" + (++incidents);
    }

    String newScanId() {
        return "scan-" + profile.id + "-" + (++scans);
    }

    String newFindingId() {
        return "F-" + profile.id + "-" + (++findings);
    }

    /** Someone from the team, sometimes a dependency bot, rarely unknown (imported history). */
    String author() {
        if (dice.chance(0.04)) {
            return null;
        }
        if (dice.chance(0.06)) {
            return dice.pick(Vocabulary.BOTS);
        }
        return dice.pick(profile.team.engineers());
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String hex(long value, int digits) {
        String full = Long.toHexString(value);
        if (full.length() < 16) {
            full = "0".repeat(16 - full.length()) + full;
        }
        return full.substring(16 - digits);
    }
}
