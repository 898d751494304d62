package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingLocation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `bin/dsm load` reads a finding's details, the nested location included, under the same rules as every other path. */
class FindingDetailsJsonTest {
    private static final long NOW = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    private static final String ACCEPTED = """
            {"finding_id":"F-1","service_id":"pay","status":"RISK_ACCEPTED","occurred_at":"2026-03-01T12:00:00Z",
             "severity":"HIGH","exploitability":"LIKELY","category":"DEPENDENCY","defect_class":"CWE-502","in_new_code":false,
             "title":"Log4Shell","rule_id":"GHSA-jfh8-c2jp-5v3q","location":{"repository":"acme/pay","path":"pom.xml","start_line":12},
             "url":"https://github.com/acme/pay/security/dependabot/1","cve_ids":["CVE-2021-44228"],
             "accepted_until":"2026-06-01T00:00:00Z"}""".replace("\n", "");

    private static Finding read(String json) {
        return (Finding) ContractJson.fromJson(EventKind.FINDINGS, json, ContractRules.defaults(), NOW);
    }

    @Test
    void readsAndWritesEveryDetail() {
        Finding f = read(ACCEPTED);
        assertThat(f.getTitle()).isEqualTo("Log4Shell");
        assertThat(f.getRuleId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
        assertThat(f.getLocation()).isEqualTo(new FindingLocation("acme/pay", "pom.xml", 12));
        assertThat(f.getUrl()).isEqualTo("https://github.com/acme/pay/security/dependabot/1");
        assertThat(f.getCveIds()).containsExactly("CVE-2021-44228");
        assertThat(f.getAcceptedUntil()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(read(ContractJson.toJson(f))).isEqualTo(f);
        assertThat(read(ACCEPTED.replace("\"start_line\":12", "\"start_line\":null")).getLocation().getStartLine()).isNull();
    }

    @Test
    void refusesABadDetailNamingIt() {
        assertThatThrownBy(() -> read(ACCEPTED.replace("\"start_line\":12", "\"line\":12")))
                .isInstanceOf(ContractViolation.class).hasMessageContaining("unknown field 'location.line'");
        assertThatThrownBy(() -> read(ACCEPTED.replace("\"start_line\":12", "\"start_line\":\"12\"")))
                .hasMessageContaining("field 'location.start_line' must be an integer");
        assertThatThrownBy(() -> read(ACCEPTED.replace("https://github.com", "javascript://github.com")))
                .hasMessageContaining("'url' must be an http or https URL");
        assertThatThrownBy(() -> read(ACCEPTED.replace("RISK_ACCEPTED", "FIXED")))
                .hasMessageContaining("'accepted_until' is only allowed on a RISK_ACCEPTED event");
        assertThat(read(ACCEPTED.replace(",\"cve_ids\":[\"CVE-2021-44228\"]", "")).getCveIds()).isNull();
        assertThat(read(ACCEPTED).getCveIds()).isEqualTo(List.of("CVE-2021-44228"));
    }
}
