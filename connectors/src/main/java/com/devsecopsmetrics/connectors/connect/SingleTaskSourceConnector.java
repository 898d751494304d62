package com.devsecopsmetrics.connectors.connect;

import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * A source connector whose work cannot be split: the webhook listener owns its port, the SARIF task owns its folder.
 * {@code tasks.max} above 1 still runs one task; run more connectors for more ports or folders.
 */
public abstract class SingleTaskSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        config().parse(props); // fail fast on a bad configuration
        checkConfig(props);
        this.props = Map.copyOf(props);
    }

    /** Checks that span several keys; throws ConfigException. */
    protected void checkConfig(Map<String, String> props) {
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return Version.get();
    }
}
