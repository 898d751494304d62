package com.devsecopsmetrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.SecurityGate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

    @Test
    void writesTimestampsAsIsoEnumsAsSymbolsAndAbsentOptionalsAsNull() {
        Deployment deployment = Deployment.newBuilder()
                .setDeploymentId("d-1")
                .setServiceId("payments-ledger")
                .setEnvironment("production")
                .setStatus(DeploymentStatus.SUCCEEDED)
                .setDeployedAt(Instant.parse("2026-03-01T12:00:00Z"))
                .setCommitIds(List.of("abc"))
                .setIsHotfix(true)
                .setHotfixFor("d-0")
                .setHotfixCause(HotfixCause.SECURITY_CONTROL_GAP)
                .setSecurityGate(SecurityGate.PASSED)
                .setEvidence(List.of(EvidenceKind.SBOM, EvidenceKind.SCAN_REPORT))
                .setPipelineMinutes(42L)
                .build();

        assertThat(ContractJson.toJson(deployment)).isEqualTo("{\"deployment_id\":\"d-1\",\"service_id\":\"payments-ledger\","
                + "\"environment\":\"production\",\"status\":\"SUCCEEDED\",\"deployed_at\":\"2026-03-01T12:00:00Z\","
                + "\"commit_ids\":[\"abc\"],\"is_hotfix\":true,\"hotfix_for\":\"d-0\","
                + "\"hotfix_cause\":\"SECURITY_CONTROL_GAP\",\"rollback_of\":null,\"rollback_reason\":null,"
                + "\"security_gate\":\"PASSED\",\"gate_bypass_reason\":null,\"evidence\":[\"SBOM\",\"SCAN_REPORT\"],"
                + "\"pipeline_minutes\":42,\"security_wait_minutes\":null}");
    }
}
