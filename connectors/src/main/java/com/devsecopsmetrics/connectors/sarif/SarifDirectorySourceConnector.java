package com.devsecopsmetrics.connectors.sarif;

import com.devsecopsmetrics.connectors.connect.Version;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/** Reads SARIF files dropped in a folder: one scan result per run, one finding per result (README "Connectors"). One task per folder. */
public class SarifDirectorySourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new SarifDirectoryConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SarifDirectorySourceTask.class;
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
        return SarifDirectoryConfig.DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
