package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.Tier;

/**
 * Catalogue entries change now and then: a service is re-tiered, gets an owner, completes a threat
 * model, or moves team in a reorg. Each change publishes a newer catalogue entry.
 */
final class CatalogueChanges {

    /** About one change per service every three years: a few a month in a large organisation. */
    private static final double CHANGES_PER_DAY = 1.0 / 1000;

    private final ServiceSimulation s;

    CatalogueChanges(ServiceSimulation s) {
        this.s = s;
    }

    void start(long at) {
        s.every(at, CHANGES_PER_DAY, this::change);
    }

    private void change(long at) {
        s.every(at, CHANGES_PER_DAY, this::change);
        ServiceProfile p = s.profile;
        double roll = s.dice.uniform(0, 1);
        if (roll < 0.35) {
            retier(p);
        } else if (roll < 0.65) {
            if (p.owner == null) {
                p.owner = p.team.name() + "-oncall";
            } else if (p.escalationPath == null) {
                p.escalationPath = "pagerduty:" + p.team.name() + "-primary";
            } else {
                p.owner = s.dice.pick(p.team.engineers()); // a handover
            }
        } else if (roll < 0.9) {
            if (!p.attestations.contains(Attestation.THREAT_MODEL)) {
                p.attestations.add(Attestation.THREAT_MODEL);
            } else if (!p.attestations.contains(Attestation.LOGGING_RECOVERY)) {
                p.attestations.add(Attestation.LOGGING_RECOVERY);
            } else {
                p.attestations.remove(Attestation.LOGGING_RECOVERY); // the recovery notes went stale
            }
        } else {
            Team next = s.dice.pick(s.teams);
            if (next != p.team) {
                p.team = next;
            } else {
                retier(p);
            }
        }
        s.emit(EventKind.SERVICES, at, p.toEvent(at));
    }

    private void retier(ServiceProfile p) {
        switch (p.tier) {
            case TIER_3 -> p.tier = Tier.TIER_2;
            case TIER_2 -> {
                // Usually because it now faces the internet or handles regulated data.
                if (s.dice.chance(0.7)) {
                    p.tier = Tier.TIER_1;
                    p.internetFacing = p.internetFacing || s.dice.chance(0.5);
                } else {
                    p.tier = Tier.TIER_3;
                }
            }
            case TIER_1 -> p.tier = Tier.TIER_2;
        }
    }
}
