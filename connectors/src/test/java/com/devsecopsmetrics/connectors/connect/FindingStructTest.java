package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingLocation;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.Severity;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A finding's details, the nested location included, survive the Connect struct both ways. */
class FindingStructTest {
    @Test
    void detailsRoundTripThroughTheStruct() {
        Finding f = Finding.newBuilder().setFindingId("F-1").setServiceId("pay").setStatus(FindingStatus.RISK_ACCEPTED)
                .setOccurredAt(Instant.parse("2026-03-01T00:00:00Z")).setSeverity(Severity.HIGH).setExploitability(Exploitability.LIKELY)
                .setCategory(FindingCategory.DEPENDENCY).setDefectClass("CWE-502").setInNewCode(false).setTitle("Log4Shell")
                .setRuleId("GHSA-jfh8-c2jp-5v3q").setLocation(new FindingLocation("acme/pay", "pom.xml", null))
                .setUrl("https://github.com/acme/pay/security/dependabot/1").setCveIds(List.of("CVE-2021-44228"))
                .setAcceptedUntil(Instant.parse("2026-06-01T00:00:00Z")).build();
        Struct struct = EventStructs.toStruct(f);
        assertThat(struct.schema().field("location").schema().type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(struct.getStruct("location").getString("path")).isEqualTo("pom.xml");
        assertThat(EventStructs.toRecord(struct)).isEqualTo(f);
        Finding bare = Finding.newBuilder(f).setLocation(null).setCveIds(null).setAcceptedUntil(null).build();
        assertThat(EventStructs.toRecord(EventStructs.toStruct(bare))).isEqualTo(bare);
    }
}
