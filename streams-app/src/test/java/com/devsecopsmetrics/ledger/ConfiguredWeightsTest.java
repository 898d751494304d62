package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static com.devsecopsmetrics.events.FindingStatus.OPENED;
import static com.devsecopsmetrics.ledger.Events.finding;
import static com.devsecopsmetrics.ledger.Events.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredWeightsTest {
    @TempDir
    Path stateDir;

    @Test
    void riskWeightsComeFromConfiguration() {
        Map<String, String> config = Map.of(
                DsmConfig.RISK_WEIGHTS_SEVERITY, "CRITICAL:10,HIGH:7,MEDIUM:3,LOW:1",
                DsmConfig.RISK_WEIGHTS_TIER, "TIER_1:4,TIER_2:2,TIER_3:1");
        try (LedgerDriver ledger = new LedgerDriver(stateDir, config)) {
            ledger.pipe(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"),
                    finding("pay", "f1", OPENED, "2026-03-02T00:00:00Z").setInNewCode(true).build());
            // HIGH 7 x THEORETICAL 1 x TIER_1 4
            assertThat(ledger.debtFlow("service:pay", "2026-03-01", "2026-04-01")).containsEntry("new_code_risk", 28.0);
            @SuppressWarnings("unchecked")
            Map<String, Object> debt = (Map<String, Object>) ledger.snapshot("org", "2026-03-05").get("debt");
            assertThat(debt).containsEntry("risk_index", 28.0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void slaDaysComeFromConfiguration() {
        Map<String, String> config = Map.of(DsmConfig.FINDING_SLA_DAYS, "CRITICAL:2,HIGH:5,MEDIUM:90,LOW:120");
        try (LedgerDriver ledger = new LedgerDriver(stateDir, config)) {
            ledger.pipe(service("pay", "payments", Tier.TIER_1, "2026-01-01T00:00:00Z"),
                    finding("pay", "high", OPENED, "2026-03-01T12:00:00Z").build(), // HIGH by default
                    finding("pay", "critical", OPENED, "2026-03-03T12:00:00Z").setSeverity(Severity.CRITICAL).build());
            // End of 03-05: high is 4.5 days old (SLA 5), critical 2.5 days (SLA 2): only the critical one is past.
            Map<String, Object> march5 = (Map<String, Object>) ledger.snapshot("org", "2026-03-05").get("debt");
            assertThat((Map<String, Object>) march5.get("past_sla_by_tier")).containsEntry("TIER_1", 1L).containsEntry("TIER_3", 0L);
            // End of 03-06: 5.5 days and 3.5 days: both past.
            Map<String, Object> march6 = (Map<String, Object>) ledger.snapshot("tier:TIER_1", "2026-03-06").get("debt");
            assertThat((Map<String, Object>) march6.get("past_sla_by_tier")).containsEntry("TIER_1", 2L);
        }
    }

    @Test
    void aWeightListMustNameEverySymbol() {
        assertThat(RiskWeights.DEFAULT.of(Severity.CRITICAL, Exploitability.LIKELY)).isEqualTo(15);
        assertThatThrownBy(() -> RiskWeights.parse("risk.weights.tier", "TIER_1:3,TIER_2:2", Tier.class))
                .hasMessageContaining("needs a weight");
        assertThatThrownBy(() -> RiskWeights.parse("risk.weights.tier", "TIER_1:x,TIER_2:2,TIER_3:1", Tier.class))
                .hasMessageContaining("cannot read 'TIER_1:x'");
    }
}
