package com.devsecopsmetrics.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitFactsSerdeTest {
    private final CommitFactsSerde serde = new CommitFactsSerde();

    private CommitFacts roundTrip(CommitFacts facts) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", facts));
    }

    @Test
    void aCommitItsListingOrBothSurviveTheStoredForm() {
        var commit = Events.commit("payments", "c1", "2026-03-01T10:00:00Z");
        String listing = LedgerKeys.of("20260301120000000", "d1") + "\u001e" + LedgerKeys.of("20260302120000000", "dé2");
        assertThat(roundTrip(new CommitFacts(commit, null))).isEqualTo(new CommitFacts(commit, null));
        assertThat(roundTrip(new CommitFacts(null, listing))).isEqualTo(new CommitFacts(null, listing));
        assertThat(roundTrip(new CommitFacts(commit, listing))).isEqualTo(new CommitFacts(commit, listing));
        assertThat(roundTrip(new CommitFacts(commit, ""))).isEqualTo(new CommitFacts(commit, ""));
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }
}
