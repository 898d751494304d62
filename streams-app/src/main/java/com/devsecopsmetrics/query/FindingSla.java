package com.devsecopsmetrics.query;

import com.devsecopsmetrics.coverage.ServiceSnapshot;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;

import java.util.List;
import java.util.Map;

/**
 * The remediation SLA of DESIGN §6 (days an open finding may stay open, per severity; configuration key
 * {@code finding.sla.days}) and the dashboard's "tier-1 findings past SLA": open findings of TIER_1
 * services whose current open episode is older than their severity's SLA at the end of the date.
 */
public record FindingSla(Map<Severity, Integer> days) {
    public static final String DEFAULT = "CRITICAL:7,HIGH:30,MEDIUM:90,LOW:120";

    public boolean isPast(ServiceSnapshot.OpenFinding f) {
        return f.ageDays() > days.get(f.severity());
    }

    public long pastSla(List<ServiceSnapshot> services, Tier tier) {
        return services.stream().filter(s -> s.tier() == tier)
                .flatMap(s -> s.open().stream()).filter(this::isPast).count();
    }

    public long pastSla(ServiceSnapshot service) {
        return service.open().stream().filter(this::isPast).count();
    }
}
