package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.connectors.connect.Version;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Sends the opened and cleared alerts of {@code devsecops.alerts} to one target: a Slack or Microsoft Teams incoming
 * webhook, or a generic JSON webhook ({@code target.type}). Run one connector per target. Tasks may be several: an
 * alert's records share its key (the scope), so one partition, so one task sees all of an alert's changes in order.
 */
public class AlertNotificationSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new AlertSinkConfig(props); // fail fast, naming the key, before any task starts
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AlertNotificationSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return AlertSinkConfig.DEF;
    }

    /** Per-key checks, then the checks across keys (https, webhook-only keys, secret strength) on the key they concern. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            try {
                new AlertSinkConfig(connectorConfigs);
            } catch (ConfigException e) {
                String message = e.getMessage() == null ? "invalid" : e.getMessage();
                config.configValues().stream().filter(v -> message.startsWith(v.name())).findFirst()
                        .or(() -> config.configValues().stream().filter(v -> v.name().equals(AlertSinkConfig.TARGET_URL)).findFirst())
                        .ifPresent((ConfigValue v) -> v.addErrorMessage(message));
            }
        }
        return config;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
