package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Tier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeAssignmentTest {
    @Test
    void anInternetFacingServiceAlsoRollsUpIntoTheExposureScopeAndItsStoredFormKeepsTheFlag() {
        ScopeAssignment exposed = new ScopeAssignment("pay|ments", Tier.TIER_1, true);
        assertThat(exposed.scopes()).containsExactly("org", "team:pay|ments", "tier:TIER_1", "exposure:internet");
        assertThat(ScopeAssignment.parse(exposed.encode())).isEqualTo(exposed);
        ScopeAssignment internal = new ScopeAssignment("payments", Tier.TIER_2, false);
        assertThat(internal.scopes()).containsExactly("org", "team:payments", "tier:TIER_2");
        assertThat(ScopeAssignment.parse(internal.encode())).isEqualTo(internal);
    }

    @Test
    void anAssignmentStoredBeforeTheFlagExistedReadsAsNotInternetFacing() {
        assertThat(ScopeAssignment.parse(LedgerKeys.of("payments", "TIER_3"))).isEqualTo(new ScopeAssignment("payments", Tier.TIER_3, false));
    }
}
