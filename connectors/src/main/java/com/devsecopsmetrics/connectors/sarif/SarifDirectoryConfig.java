package com.devsecopsmetrics.connectors.sarif;

import com.devsecopsmetrics.connectors.connect.MappingConfigDef;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Configuration of {@link SarifDirectorySourceConnector}; the README lists every key. */
public final class SarifDirectoryConfig extends AbstractConfig {
    public static final String INPUT_DIR = "input.dir";
    public static final String FINISHED_DIR = "finished.dir";
    public static final String ERROR_DIR = "error.dir";
    public static final String FILE_PATTERN = "file.pattern";
    public static final String FILE_MIN_AGE_MS = "file.min.age.ms";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String SERVICE_ID = "service.id";
    public static final String SCAN_TYPE = "scan.type";
    public static final String MAX_FILE_BYTES = "max.file.bytes";

    public static final ConfigDef DEF = MappingConfigDef.addTo(new ConfigDef()
            .define(INPUT_DIR, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "Folder watched for SARIF files; a file in a sub-folder belongs to the service named like the sub-folder")
            .define(FINISHED_DIR, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "Where a file goes once Kafka has acknowledged all its events (move it back to replay it)")
            .define(ERROR_DIR, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "Where an unreadable file goes, with <name>.error.txt saying why")
            .define(FILE_PATTERN, ConfigDef.Type.STRING, "(?i).*\\.sarif(\\.json)?$", ConfigDef.Importance.LOW, "Regular expression on file names")
            .define(FILE_MIN_AGE_MS, ConfigDef.Type.LONG, 1000L, ConfigDef.Importance.LOW,
                    "A file is read only once unchanged for this long, so a file still being written is not taken")
            .define(POLL_INTERVAL_MS, ConfigDef.Type.LONG, 2000L, ConfigDef.Importance.LOW, "How often the folder is listed when idle")
            .define(SERVICE_ID, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    "Service of files directly in input.dir whose SARIF names no repository (versionControlProvenance)")
            .define(SCAN_TYPE, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
                    "Scan type of every file (SAST, SECRETS, SCA, SBOM, IMAGE, IAC, DAST, API_LINT); empty: from tool and rules")
            .define(MAX_FILE_BYTES, ConfigDef.Type.LONG, 256L * 1024 * 1024, ConfigDef.Importance.LOW, "Larger files go to error.dir"));

    public SarifDirectoryConfig(Map<String, String> props) {
        super(DEF, props);
    }
}
