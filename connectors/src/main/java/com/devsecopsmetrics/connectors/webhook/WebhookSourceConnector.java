package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.SingleTaskSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Map;

/** Receives GitHub, GitLab, PagerDuty and SARIF webhooks on one HTTP(S) port and writes the contract's events (README "Connectors"). */
public class WebhookSourceConnector extends SingleTaskSourceConnector {
    @Override
    protected void checkConfig(Map<String, String> props) {
        new WebhookConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebhookSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return WebhookConfig.DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED; // a sender that retries after a lost answer delivers twice; the ids make that idempotent
    }
}
