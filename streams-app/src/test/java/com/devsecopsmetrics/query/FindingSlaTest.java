package com.devsecopsmetrics.query;

import com.devsecopsmetrics.app.DsmConfig;
import com.devsecopsmetrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.coverage.ServiceSnapshot.OpenFinding;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FindingSlaTest {
    private static ServiceSnapshot service(String id, Tier tier, OpenFinding... open) {
        return new ServiceSnapshot(id, true, "team", tier, false, Set.of(), false, false, List.of(open), List.of());
    }

    private static OpenFinding finding(Severity severity, double ageDays) {
        return new OpenFinding("F-" + severity + "-" + ageDays, severity, Exploitability.LIKELY, ageDays);
    }

    @Test
    void countsOpenTier1FindingsOlderThanTheirSeveritysDefaultSla() {
        FindingSla sla = DsmConfig.defaults().findingSla();
        List<ServiceSnapshot> services = List.of(
                service("pay", Tier.TIER_1, finding(Severity.CRITICAL, 7.5), finding(Severity.CRITICAL, 7.0),
                        finding(Severity.HIGH, 30.1), finding(Severity.MEDIUM, 89), finding(Severity.LOW, 121)),
                service("blog", Tier.TIER_3, finding(Severity.CRITICAL, 100)));
        // Exactly at the SLA is not past it: 7.0 days for a CRITICAL is still within.
        assertThat(sla.pastSla(services, Tier.TIER_1)).isEqualTo(3);
        assertThat(sla.pastSla(services, Tier.TIER_3)).isEqualTo(1);
        assertThat(sla.pastSla(services.get(1))).isEqualTo(1);
    }

    @Test
    void theSlaIsConfigurableAndMisconfigurationIsReported() {
        FindingSla strict = DsmConfig.defaults().with(DsmConfig.FINDING_SLA_DAYS, "CRITICAL:1,HIGH:2,MEDIUM:3,LOW:4").findingSla();
        assertThat(strict.pastSla(List.of(service("pay", Tier.TIER_1, finding(Severity.LOW, 4.5))), Tier.TIER_1)).isEqualTo(1);
        assertThatThrownBy(() -> DsmConfig.defaults().with(DsmConfig.FINDING_SLA_DAYS, "CRITICAL:1").findingSla())
                .hasMessageContaining("finding.sla.days");
    }
}
