package com.devsecopsmetrics.connectors.sarif;

import com.devsecopsmetrics.connectors.connect.SingleTaskSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Reads SARIF files dropped in a folder: one scan result per run, one finding per result (README "Connectors"). */
public class SarifDirectorySourceConnector extends SingleTaskSourceConnector {
    @Override
    public Class<? extends Task> taskClass() {
        return SarifDirectorySourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return SarifDirectoryConfig.DEF;
    }
}
