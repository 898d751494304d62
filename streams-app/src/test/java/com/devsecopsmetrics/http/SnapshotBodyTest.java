package com.devsecopsmetrics.http;

import com.devsecopsmetrics.access.Caller;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.metrics.coverage.Practice;
import com.devsecopsmetrics.metrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotBodyTest {
    private static final DsmConfig CONFIG = DsmConfig.defaults();

    /** The direct writing for callers who read every team must be the same text the tree a team's caller is redacted from gives. */
    @Test
    void aCallerOfEveryTeamGetsTheSameTextAsTheTreeForm() throws Exception {
        List<ServiceSnapshot> services = List.of(
                new ServiceSnapshot("pay-api", true, "payments", Tier.TIER_1, true,
                        EnumSet.of(Practice.SAST, Practice.SECRET_SCANNING, Practice.OWNER_DEFINED), true, false),
                new ServiceSnapshot("ledger\"quoted", true, "core", Tier.TIER_2, false, EnumSet.noneOf(Practice.class), false, false),
                new ServiceSnapshot("uncatalogued", false, "unassigned", Tier.TIER_3, false, EnumSet.allOf(Practice.class), true, true));
        LocalDate date = LocalDate.parse("2026-11-20");
        SnapshotBody body = new SnapshotBody("org", date.toString(), Snapshot.coverage(services, CONFIG.coverageWeights()),
                Snapshot.debt(Map.of(), date, CONFIG.slaDays()));

        String direct = body.render(Caller.UNAUTHENTICATED, null);

        assertThat(direct).isEqualTo(ContractJson.mapper().valueToTree(body).toString());
        assertThat(ContractJson.mapper().readTree(direct).fieldNames()).toIterable().containsExactly("scope", "date", "coverage", "debt");
        assertThat(ContractJson.mapper().readTree(direct).path("coverage").path("service_practices").toString())
                .isEqualTo("{\"ledger\\\"quoted\":[],\"pay-api\":[\"OWNER_DEFINED\",\"SAST\",\"SECRET_SCANNING\"]}");
    }
}
