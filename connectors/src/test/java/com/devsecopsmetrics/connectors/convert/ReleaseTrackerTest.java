package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.SecurityGate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseTrackerTest {
    private static Deployment deployment(String id, List<String> commits) {
        return Deployment.newBuilder().setDeploymentId(id).setServiceId("pay").setEnvironment("production")
                .setStatus(DeploymentStatus.SUCCEEDED).setDeployedAt(Instant.parse("2026-03-01T10:00:00Z")).setCommitIds(commits)
                .setIsHotfix(false).setSecurityGate(SecurityGate.NOT_RUN).setEvidence(List.of()).build();
    }

    @Test
    void aProductionDeploymentShipsThePendingPushesAndClearsThem() {
        ReleaseTracker t = new ReleaseTracker();
        t.pushed("acme/pay", List.of("a1", "a2"));
        t.pushed("acme/other", List.of("o1"));
        assertThat(t.ship("acme/pay", "staging-1", "a2", false)).containsExactly("a2");
        assertThat(t.ship("acme/pay", "d1", "a2", true)).containsExactly("a1", "a2");
        t.pushed("acme/pay", List.of("a3"));
        assertThat(t.ship("acme/pay", "d2", "a3", true)).containsExactly("a3");
        assertThat(t.ship("acme/pay", "d1", "a2", true)).as("redelivered").containsExactly("a1", "a2");
        assertThat(t.deploymentShipping("a1")).contains("d1");
        assertThat(t.deploymentShipping("a3")).contains("d2");
    }

    @Test
    void aPushArrivingAfterItsDeploymentCompletesTheDeployment() {
        ReleaseTracker t = new ReleaseTracker();
        List<String> shipped = t.ship("acme/pay", "d1", "c3", true); // the deployment webhook came first
        assertThat(shipped).containsExactly("c3");
        t.sent("acme/pay", deployment("d1", shipped));
        var amended = t.pushed("acme/pay", List.of("c1", "c2", "c3", "c4"));
        assertThat(amended).hasValueSatisfying(d -> assertThat(d.getCommitIds()).containsExactly("c3", "c1", "c2"));
        assertThat(t.ship("acme/pay", "d2", "c4", true)).as("c4 came after the deployed head").containsExactly("c4");
    }

    @Test
    void theStateSurvivesARestart() {
        ReleaseTracker t = new ReleaseTracker();
        t.pushed("acme/pay", List.of("a1"));
        t.ship("acme/web", "w1", "b1", true);
        ReleaseTracker restored = ReleaseTracker.fromJson(t.toJson());
        assertThat(restored.ship("acme/pay", "d1", "a2", true)).containsExactly("a1", "a2");
        assertThat(restored.ship("acme/web", "w1", "b1", true)).containsExactly("b1");
        assertThat(restored.deploymentShipping("b1")).contains("w1");
        assertThat(ReleaseTracker.fromJson(null).toJson()).isEqualTo("{\"pending\":{},\"shipped\":{}}");
    }
}
