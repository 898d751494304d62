package com.devsecopsmetrics.contract;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.SecurityGate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractRulesTest {
    private static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
    private final ContractRules rules = ContractRules.defaults();

    private static Deployment.Builder deployment() {
        return Deployment.newBuilder().setDeploymentId("d-1").setServiceId("payments-api").setEnvironment("production")
                .setStatus(DeploymentStatus.SUCCEEDED).setDeployedAt(Instant.ofEpochMilli(NOW)).setCommitIds(List.of("c1"))
                .setIsHotfix(false).setSecurityGate(SecurityGate.PASSED).setEvidence(List.of());
    }

    @Test
    void acceptsAValidEventAtTheLimits() {
        assertThatCode(() -> rules.check(deployment().setServiceId("s".repeat(256)).setGateBypassReason("r".repeat(4096))
                .setCommitIds(Collections.nCopies(1000, "c")).setPipelineMinutes(10L).setSecurityWaitMinutes(10L)
                .setDeployedAt(Instant.ofEpochMilli(NOW + 300_000)).build(), NOW)).doesNotThrowAnyException();
    }

    @Test
    void identifiersAreOneTo256CharactersWithoutControlCharacters() {
        assertThatThrownBy(() -> rules.check(deployment().setServiceId("s".repeat(257)).build(), NOW))
                .isInstanceOf(ContractViolation.class).hasMessageContaining("'service_id' must be 1 to 256 characters, got 257");
        assertThatThrownBy(() -> rules.check(deployment().setServiceId("").build(), NOW))
                .hasMessageContaining("'service_id' must be 1 to 256");
        assertThatThrownBy(() -> rules.check(deployment().setServiceId("a\u001fb").build(), NOW))
                .hasMessageContaining("control character U+001F at position 1");
        assertThatThrownBy(() -> rules.check(deployment().setCommitIds(List.of("ok", "bad\n")).build(), NOW))
                .hasMessageContaining("'commit_ids' contains the control character U+000A");
        assertThatThrownBy(() -> rules.check(deployment().setRollbackOf("\u0000").build(), NOW))
                .hasMessageContaining("'rollback_of'");
    }

    @Test
    void otherStringsAndListsAreBounded() {
        assertThatThrownBy(() -> rules.check(deployment().setGateBypassReason("r".repeat(4097)).build(), NOW))
                .hasMessageContaining("'gate_bypass_reason' has 4097 characters; at most 4096");
        assertThatThrownBy(() -> rules.check(deployment().setCommitIds(Collections.nCopies(1001, "c")).build(), NOW))
                .hasMessageContaining("'commit_ids' has 1001 items; at most 1000");
    }

    @Test
    void durationsAreNotNegativeAndWaitIsWithinThePipeline() {
        assertThatThrownBy(() -> rules.check(deployment().setPipelineMinutes(-1L).build(), NOW))
                .hasMessageContaining("'pipeline_minutes' must be 0 or more, got -1");
        assertThatThrownBy(() -> rules.check(deployment().setPipelineMinutes(5L).setSecurityWaitMinutes(6L).build(), NOW))
                .hasMessageContaining("'security_wait_minutes' (6) must not exceed 'pipeline_minutes' (5)");
        assertThatThrownBy(() -> rules.check(scan().setCritical(-3).build(), NOW)).hasMessageContaining("'critical' must be 0 or more");
    }

    @Test
    void timesAreFrom1970ToAFewMinutesAfterNow() {
        assertThatThrownBy(() -> rules.check(deployment().setDeployedAt(Instant.ofEpochMilli(NOW + 300_001)).build(), NOW))
                .isInstanceOf(FutureEvent.class).hasMessageContaining("event.time.max.future.ms");
        assertThatThrownBy(() -> rules.check(deployment().setDeployedAt(Instant.parse("1969-12-31T23:59:59Z")).build(), NOW))
                .isInstanceOf(ContractViolation.class).hasMessageContaining("before 1970");
        assertThatThrownBy(() -> rules.check(deployment().setDeployedAt(Instant.MAX).build(), NOW)).isInstanceOf(FutureEvent.class);
        assertThatCode(() -> new ContractRules(0).check(deployment().build(), NOW)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new ContractRules(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ScanResult.Builder scan() {
        return ScanResult.newBuilder().setScanId("s1").setServiceId("svc").setRepo("r").setScanner("semgrep")
                .setScanType(ScanType.SAST).setCompletedAt(Instant.ofEpochMilli(NOW)).setOutcome(ScanOutcome.PASSED)
                .setCritical(0).setHigh(0).setMedium(0).setLow(0);
    }

    @Test
    void aProducersTextIsQuotedWithControlCharactersEscapedAndBounded() {
        assertThat(ContractRules.quote("a\u001fb\nc", 100)).isEqualTo("a\\u001fb\\u000ac");
        assertThat(ContractRules.quote("x".repeat(50), 10)).isEqualTo("x".repeat(10) + "...");
        assertThat(ContractRules.quote("short", 10)).isEqualTo("short");
    }

    @Test
    void theToleranceIsAtMostTheBrokersDefaultLimit() {
        assertThatCode(() -> new ContractRules(ContractRules.MAX_ALLOWED_FUTURE_MS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new ContractRules(ContractRules.MAX_ALLOWED_FUTURE_MS + 1)).hasMessageContaining("0 to 3600000");
    }
}
