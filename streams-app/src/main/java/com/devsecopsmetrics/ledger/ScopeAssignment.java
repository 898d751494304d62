package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.debt.RiskWeights;

import java.util.List;

/**
 * The team and tier a service's figures roll up into: those of its current catalogue entry, or TIER_3 in team
 * {@code unassigned} without one (DESIGN §3); and, for an internet-facing service, the internet-facing scope
 * (the customer-facing services of the seed's talking points).
 */
public record ScopeAssignment(String team, Tier tier, boolean internetFacing) {
    public static final String UNASSIGNED_TEAM = "unassigned";
    public static final String INTERNET_FACING_SCOPE = "exposure:internet";
    public static final ScopeAssignment UNCATALOGUED = new ScopeAssignment(UNASSIGNED_TEAM, Tier.TIER_3, false);
    private static final String INTERNET_MARK = LedgerKeys.SEP + "internet";

    public ScopeAssignment(String team, Tier tier) {
        this(team, tier, false);
    }

    public static ScopeAssignment of(Service entry) {
        return entry == null ? UNCATALOGUED : new ScopeAssignment(entry.getTeam(), entry.getTier(), entry.getInternetFacing());
    }

    public static ScopeAssignment parse(String encoded) {
        boolean internet = encoded.endsWith(INTERNET_MARK);
        String teamAndTier = internet ? encoded.substring(0, encoded.length() - INTERNET_MARK.length()) : encoded;
        int at = teamAndTier.lastIndexOf(LedgerKeys.SEP);
        return new ScopeAssignment(teamAndTier.substring(0, at), Tier.valueOf(teamAndTier.substring(at + 1)), internet);
    }

    public String encode() {
        return LedgerKeys.of(team, tier.name()) + (internetFacing ? INTERNET_MARK : "");
    }

    /** The roll-up scopes a service in this assignment belongs to. */
    public List<String> scopes() {
        return internetFacing ? List.of("org", "team:" + team, "tier:" + tier.name(), INTERNET_FACING_SCOPE)
                : List.of("org", "team:" + team, "tier:" + tier.name());
    }

    /** Tier weight of the risk index. */
    public int riskWeight(RiskWeights weights) {
        return weights.of(tier);
    }
}
