package com.devsecopsmetrics.connectors.webhook;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Weak secrets stop the connector and its task at start, and the error never shows them. */
class WebhookSecretsTest {
    @ParameterizedTest
    @ValueSource(strings = {"change-me-github", "hunter2password", "0123456789abcdef", "change-me-change-me-change-me-change-me-0123456789",
            "my-webhook-password-for-the-devsecops-connector", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "${env:DSM_GITHUB_SECRET_THAT_WAS_NEVER_SET}"})
    void aWeakSecretIsRefusedByTheConnectorAndTheTaskWithoutBeingShown(String weak) {
        Map<String, String> props = Map.of(WebhookConfig.LISTENER_PORT, "0", WebhookConfig.GITHUB_SECRET, weak);
        assertThatThrownBy(() -> new WebhookSourceConnector().start(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("github.secret")
                .hasMessageContaining("openssl rand -hex 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(weak));
        WebhookSourceTask task = new WebhookSourceTask();
        task.initialize(WebhookSourceTaskTest.context(props));
        assertThatThrownBy(() -> task.start(props)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(weak));
    }

    @ParameterizedTest
    @ValueSource(strings = {WebhookSourceTaskTest.GITHUB_SECRET, "q8X2vL7pR4nT9wZ1cF6hJ3kM0bD5sG8yA2eU7iO4"})
    void aRandomSecretOf32BytesOrMoreIsTaken(String strong) {
        assertThat(new WebhookConfig(Map.of(WebhookConfig.GITHUB_SECRET, strong)).secret(WebhookConfig.GITHUB_SECRET)).isEqualTo(strong);
    }
}
