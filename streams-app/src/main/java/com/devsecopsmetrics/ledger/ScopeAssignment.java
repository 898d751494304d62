package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;

import java.util.List;

/**
 * The team and tier a service's figures roll up into: those of its current catalogue entry, or TIER_3 in team
 * {@code unassigned} without one (DESIGN §3).
 */
public record ScopeAssignment(String team, Tier tier) {
    public static final String UNASSIGNED_TEAM = "unassigned";
    public static final ScopeAssignment UNCATALOGUED = new ScopeAssignment(UNASSIGNED_TEAM, Tier.TIER_3);

    public static ScopeAssignment of(Service entry) {
        return entry == null ? UNCATALOGUED : new ScopeAssignment(entry.getTeam(), entry.getTier());
    }

    public static ScopeAssignment parse(String encoded) {
        int at = encoded.lastIndexOf(LedgerKeys.SEP);
        return new ScopeAssignment(encoded.substring(0, at), Tier.valueOf(encoded.substring(at + 1)));
    }

    public String encode() {
        return LedgerKeys.of(team, tier.name());
    }

    /** The roll-up scopes a service in this assignment belongs to. */
    public List<String> scopes() {
        return List.of("org", "team:" + team, "tier:" + tier.name());
    }

    /** Tier weight of the risk index. */
    public int riskWeight(com.devsecopsmetrics.debt.RiskWeights weights) {
        return weights.of(tier);
    }
}
