package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.contract.ContractRules;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashMap;
import java.util.Map;

/** The mapping keys of {@link MappingConfig} as Connect configuration, shared by both source connectors. */
public final class MappingConfigDef {
    public static final String TOPIC_PREFIX = "topic.prefix";

    private MappingConfigDef() {
    }

    public static ConfigDef addTo(ConfigDef def) {
        String group = "Mappings";
        def.define(TOPIC_PREFIX, ConfigDef.Type.STRING, "devsecops.", ConfigDef.Importance.LOW,
                "Events go to <prefix><kind>: devsecops.commits, devsecops.deployments, ...", group, 0, ConfigDef.Width.SHORT, TOPIC_PREFIX);
        def.define(ContractRules.MAX_FUTURE_CONFIG, ConfigDef.Type.LONG, ContractRules.DEFAULT_MAX_FUTURE_MS, ConfigDef.Range.between(0, ContractRules.MAX_ALLOWED_FUTURE_MS),
                ConfigDef.Importance.LOW, "An event time more than this ahead of the clock breaks the contract (DESIGN §7): the event is refused "
                        + "with the reason; use the application's value", group, 11, ConfigDef.Width.SHORT, ContractRules.MAX_FUTURE_CONFIG);
        def.define(MappingConfig.SERVICE_MAP, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.SERVICE_MAP), ConfigDef.Importance.HIGH,
                "source=service_id pairs, comma-separated: a repository (owner/repo, group/project) or a PagerDuty service id or name. "
                        + "Unlisted repositories map to their own name", group, 1, ConfigDef.Width.LONG, MappingConfig.SERVICE_MAP);
        def.define(MappingConfig.PRODUCTION_ENVIRONMENTS, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.PRODUCTION_ENVIRONMENTS),
                ConfigDef.Importance.HIGH, "Environment names that mean production (case-insensitive)", group, 2, ConfigDef.Width.MEDIUM,
                MappingConfig.PRODUCTION_ENVIRONMENTS);
        def.define(MappingConfig.INCIDENT_LABEL, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.INCIDENT_LABEL), ConfigDef.Importance.MEDIUM,
                "Issue label that makes an issue an incident", group, 3, ConfigDef.Width.SHORT, MappingConfig.INCIDENT_LABEL);
        def.define(MappingConfig.INCIDENT_SECURITY_LABEL, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.INCIDENT_SECURITY_LABEL),
                ConfigDef.Importance.MEDIUM, "Label (or PagerDuty title word) that makes an incident security-related", group, 4,
                ConfigDef.Width.SHORT, MappingConfig.INCIDENT_SECURITY_LABEL);
        def.define(MappingConfig.ROOT_CAUSE_PATTERN, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.ROOT_CAUSE_PATTERN),
                ConfigDef.Importance.LOW, "Regular expression whose first group, found in an incident's title or body, is the deployment id "
                        + "or commit sha that caused it", group, 5, ConfigDef.Width.LONG, MappingConfig.ROOT_CAUSE_PATTERN);
        def.define(MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS),
                ConfigDef.Importance.MEDIUM, "Regular expression on a workflow's name or path: its completed runs are production deployments "
                        + "(empty: none; use it when deployments are not made through GitHub's deployments API)", group, 6,
                ConfigDef.Width.LONG, MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS);
        def.define(MappingConfig.GITLAB_SECURITY_JOBS, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.GITLAB_SECURITY_JOBS),
                ConfigDef.Importance.LOW, "Regular expression on a GitLab job's name or stage: the jobs that form a pipeline's security gate",
                group, 7, ConfigDef.Width.LONG, MappingConfig.GITLAB_SECURITY_JOBS);
        def.define(MappingConfig.EXPLOITABILITY_DEFAULT, ConfigDef.Type.STRING, MappingConfig.DEFAULTS.get(MappingConfig.EXPLOITABILITY_DEFAULT),
                ConfigDef.Importance.LOW, "Exploitability of a finding whose payload carries no EPSS, KEV or validity", group, 8,
                ConfigDef.Width.SHORT, MappingConfig.EXPLOITABILITY_DEFAULT);
        def.define(MappingConfig.EPSS_LIKELY, ConfigDef.Type.DOUBLE, Double.valueOf(MappingConfig.DEFAULTS.get(MappingConfig.EPSS_LIKELY)),
                ConfigDef.Importance.LOW, "EPSS probability from which a finding is LIKELY exploitable", group, 9, ConfigDef.Width.SHORT, MappingConfig.EPSS_LIKELY);
        def.define(MappingConfig.EPSS_PLAUSIBLE, ConfigDef.Type.DOUBLE, Double.valueOf(MappingConfig.DEFAULTS.get(MappingConfig.EPSS_PLAUSIBLE)),
                ConfigDef.Importance.LOW, "EPSS probability from which a finding is PLAUSIBLY exploitable (below: THEORETICAL)", group, 10,
                ConfigDef.Width.SHORT, MappingConfig.EPSS_PLAUSIBLE);
        return def;
    }

    /** The mapping of a connector's (validated) configuration; a bad regular expression or enum is a ConfigException naming the key. */
    public static MappingConfig mapping(Map<String, ?> parsed) {
        Map<String, Object> values = new HashMap<>();
        for (String key : MappingConfig.DEFAULTS.keySet()) {
            if (parsed.get(key) != null) {
                values.put(key, parsed.get(key));
            }
        }
        try {
            return MappingConfig.from(values);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
