package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractJsonTest {
    private static final String DEPLOYMENT = """
            {"deployment_id":"d1","service_id":"payments","environment":"production","status":"SUCCEEDED",
             "deployed_at":"2026-03-01T12:00:00Z","commit_ids":["c1","c2"],"is_hotfix":false,
             "security_gate":"BYPASSED","gate_bypass_reason":"urgent","evidence":["SBOM","SCAN_REPORT"],"pipeline_minutes":42}
            """.replace("\n", "");

    @Test
    void parsesAValidEventWithOptionalFieldsAbsent() {
        Deployment d = (Deployment) ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT);
        assertThat(d.getDeploymentId()).isEqualTo("d1");
        assertThat(d.getDeployedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(d.getCommitIds()).containsExactly("c1", "c2");
        assertThat(d.getSecurityGate()).isEqualTo(SecurityGate.BYPASSED);
        assertThat(d.getEvidence()).containsExactly(EvidenceKind.SBOM, EvidenceKind.SCAN_REPORT);
        assertThat(d.getPipelineMinutes()).isEqualTo(42L);
        assertThat(d.getHotfixFor()).isNull();
        assertThat(d.getSecurityWaitMinutes()).isNull();
    }

    @Test
    void acceptsEpochMillisAndOffsetTimestamps() {
        String epoch = DEPLOYMENT.replace("\"2026-03-01T12:00:00Z\"", "1772366400000");
        String offset = DEPLOYMENT.replace("2026-03-01T12:00:00Z", "2026-03-01T14:00:00+02:00");
        assertThat(((Deployment) ContractJson.fromJson(EventKind.DEPLOYMENTS, epoch)).getDeployedAt())
                .isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(((Deployment) ContractJson.fromJson(EventKind.DEPLOYMENTS, offset)).getDeployedAt())
                .isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }

    @Test
    void roundTripsThroughTheJsonForm() {
        Service s = Service.newBuilder().setServiceId("payments").setName("Payments").setTeam("pay").setTier(Tier.TIER_1)
                .setRepos(List.of("acme/payments")).setInternetFacing(true).setRegulated(true).setOwner(null)
                .setEscalationPath("pager").setAttestations(List.of()).setUpdatedAt(Instant.parse("2026-01-02T03:04:05Z")).build();
        String json = ContractJson.toJson(s);
        assertThat(json).contains("\"updated_at\":\"2026-01-02T03:04:05Z\"", "\"tier\":\"TIER_1\"", "\"owner\":null");
        assertThat(ContractJson.fromJson(EventKind.SERVICES, json)).isEqualTo(s);
    }

    @Test
    void namesTheFieldThatBreaksTheContract() {
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, "{\"deployment_id\": "))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("\"status\":\"SUCCEEDED\",", "")))
                .hasMessage("missing required field 'status'");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("SUCCEEDED", "DONE")))
                .hasMessageContaining("field 'status': unknown value \"DONE\" (expected one of SUCCEEDED, FAILED)");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("\"SCAN_REPORT\"", "\"SCAN\"")))
                .hasMessageContaining("field 'evidence[1]'");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("\"is_hotfix\":false", "\"is_hotfix\":\"no\"")))
                .hasMessageContaining("field 'is_hotfix' must be true or false");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("\"is_hotfix\":false", "\"is_hotfix\":null")))
                .hasMessage("field 'is_hotfix' must not be null");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("\"pipeline_minutes\"", "\"pipeline_mins\"")))
                .hasMessage("unknown field 'pipeline_mins' for kind deployments");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, DEPLOYMENT.replace("2026-03-01T12:00:00Z", "yesterday")))
                .hasMessageContaining("field 'deployed_at': 'yesterday' is not an ISO-8601 timestamp");
        assertThatThrownBy(() -> ContractJson.fromJson(EventKind.DEPLOYMENTS, "[1,2]"))
                .hasMessage("expected a JSON object");
    }
}
