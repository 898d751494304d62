package com.devsecopsmetrics.connectors.alerts;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertSinkConfigTest {
    private static final String SLACK_URL = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX";

    private static Map<String, String> config(String type, String url) {
        return new HashMap<>(Map.of(AlertSinkConfig.TARGET_TYPE, type, AlertSinkConfig.TARGET_URL, url));
    }

    @Test
    void theUrlIsASecretThatNoMessageRepeats() {
        assertThat(AlertSinkConfig.DEF.configKeys().get(AlertSinkConfig.TARGET_URL).type).isEqualTo(ConfigDef.Type.PASSWORD);
        AlertSinkConfig ok = new AlertSinkConfig(config("slack", SLACK_URL));
        assertThat(ok.describeTarget()).isEqualTo("https://hooks.slack.com");
        assertThat(ok.toString()).doesNotContain("XXXX");
        String insecure = "http://hooks.example.com/secret-path";
        assertThatThrownBy(() -> new AlertSinkConfig(config("webhook", insecure))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("target.url is http://").hasMessageNotContaining("secret-path");
        for (String bad : List.of("hooks.slack.com/services/x", "ftp://host/secret-path", "https:///secret-path", "::secret-path::",
                "${file:/etc/x.properties:slack}")) {
            assertThatThrownBy(() -> new AlertSinkConfig(config("slack", bad))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("target.url").hasMessageNotContaining("secret-path").hasMessageNotContaining("x.properties");
        }
        Map<String, String> local = config("webhook", insecure);
        local.put(AlertSinkConfig.ALLOW_INSECURE, "true");
        assertThat(new AlertSinkConfig(local).describeTarget()).isEqualTo("http://hooks.example.com");
    }

    @Test
    void webhookOnlyKeysAndWeakSigningSecretsAreRefused() {
        Map<String, String> slack = config("slack", SLACK_URL);
        slack.put(AlertSinkConfig.WEBHOOK_AUTHORIZATION, "Bearer x");
        assertThatThrownBy(() -> new AlertSinkConfig(slack)).hasMessageContaining("target.type=webhook only");
        Map<String, String> weak = config("webhook", "https://receiver.example.com/alerts");
        weak.put(AlertSinkConfig.WEBHOOK_SIGNING_SECRET, "change-me");
        assertThatThrownBy(() -> new AlertSinkConfig(weak)).hasMessageStartingWith(AlertSinkConfig.WEBHOOK_SIGNING_SECRET)
                .hasMessageNotContaining("change-me");
        assertThatThrownBy(() -> new AlertSinkConfig(config("email", SLACK_URL))).isInstanceOf(ConfigException.class);
    }

    @Test
    void validateReportsTheCrossKeyProblemOnItsKey() {
        Config result = new AlertNotificationSinkConnector().validate(config("teams", "http://teams.example.com/webhook"));
        ConfigValue url = result.configValues().stream().filter(v -> v.name().equals(AlertSinkConfig.TARGET_URL)).findFirst().orElseThrow();
        assertThat(url.errorMessages()).singleElement().asString().startsWith("target.url is http://");
        assertThat(String.valueOf(url.value())).doesNotContain("teams.example.com"); // Password.toString() is [hidden]
    }
}
