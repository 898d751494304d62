package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.Version;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * Receives GitHub, GitLab, PagerDuty and SARIF webhooks on one HTTP(S) port and writes the contract's events
 * (README "Connectors"). One task: the listener owns its port, so {@code tasks.max} above 1 still runs one.
 */
public class WebhookSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new WebhookConfig(props); // fail fast on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebhookSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return WebhookConfig.DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED; // a sender that retries after a lost answer delivers twice; the ids make that idempotent
    }

    @Override
    public String version() {
        return Version.get();
    }
}
