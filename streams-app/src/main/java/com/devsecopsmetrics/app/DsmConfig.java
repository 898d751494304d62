package com.devsecopsmetrics.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The product's configuration: defaults, then a properties file, then {@code DSM_*} environment variables,
 * then command-line overrides. {@code DSM_SCHEMA_REGISTRY_URL} becomes {@code schema.registry.url}.
 * Keys the product does not know are passed to the Kafka clients unchanged, so any security or client
 * setting (security.protocol, sasl.*, ssl.*) can be given the same way.
 */
public final class DsmConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String REST_HOST = "rest.host";
    public static final String REST_PORT = "rest.port";
    public static final String REST_BIND = "rest.bind";
    public static final String REST_AUTH_DISABLED = "rest.auth.disabled";
    public static final String REST_AUTH_TOKENS_FILE = "rest.auth.tokens.file";
    public static final String REST_AUTH_JWKS_LOCATION = "rest.auth.jwks.location";
    public static final String REST_AUTH_JWT_ISSUER = "rest.auth.jwt.issuer";
    public static final String REST_AUTH_JWT_AUDIENCE = "rest.auth.jwt.audience";
    public static final String REST_AUTH_JWT_ROLE_CLAIM = "rest.auth.jwt.role.claim";
    public static final String REST_AUTH_JWT_TEAM_CLAIM = "rest.auth.jwt.team.claim";
    public static final String REST_INTERNAL_TOKEN = "rest.internal.token";
    public static final String REST_ALLOWED_HOSTS = "rest.allowed.hosts";
    public static final String APPLICATION_SERVER = "application.server";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** The compatibility level the application sets on the output subjects it owns; {@code NONE} or empty leaves them alone. */
    public static final String SCHEMA_REGISTRY_COMPATIBILITY = "schema.registry.compatibility";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String RETENTION_DAYS = "retention.days";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String EVIDENCE_REQUIRED = "evidence.required";
    public static final String ROLLUP_INTERVAL_MS = "rollup.interval.ms";
    public static final String SNAPSHOT_INTERVAL_MS = "snapshot.interval.ms";
    public static final String LOOKBACK_DAYS = "coverage.lookback.days";
    public static final String RISK_WEIGHTS_SEVERITY = "risk.weights.severity";
    public static final String RISK_WEIGHTS_EXPLOITABILITY = "risk.weights.exploitability";
    public static final String RISK_WEIGHTS_TIER = "risk.weights.tier";
    public static final String COVERAGE_WEIGHTS_TIER = "coverage.weights.tier";
    /** Days an open finding of each severity may age before it is past its SLA. */
    public static final String FINDING_SLA_DAYS = "finding.sla.days";
    public static final String EVENT_TIME_MAX_FUTURE_MS = com.devsecopsmetrics.contract.ContractRules.MAX_FUTURE_CONFIG;

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(BOOTSTRAP_SERVERS, "localhost:9092"),
            Map.entry(APPLICATION_ID, "devsecops-metrics"),
            Map.entry(STATE_DIR, ".dsm-data/state"),
            Map.entry(REST_HOST, "localhost"),
            Map.entry(REST_PORT, "8080"),
            Map.entry(REST_BIND, "127.0.0.1"),
            Map.entry(REST_AUTH_DISABLED, "false"),
            Map.entry(REST_AUTH_JWT_ROLE_CLAIM, "dsm_role"),
            Map.entry(REST_AUTH_JWT_TEAM_CLAIM, "dsm_team"),
            Map.entry(SCHEMA_REGISTRY_URL, "mock://embedded"),
            Map.entry(SCHEMA_REGISTRY_COMPATIBILITY, "BACKWARD"),
            Map.entry(TOPIC_PARTITIONS, "6"),
            Map.entry(TOPIC_REPLICATION_FACTOR, "-1"),
            Map.entry(RETENTION_DAYS, "400"),
            Map.entry(NUM_STREAM_THREADS, "2"),
            Map.entry(NUM_STANDBY_REPLICAS, "0"),
            Map.entry(EVIDENCE_REQUIRED, "SBOM,SCAN_REPORT"),
            Map.entry(ROLLUP_INTERVAL_MS, "1000"),
            Map.entry(SNAPSHOT_INTERVAL_MS, "2000"),
            Map.entry(LOOKBACK_DAYS, "30"),
            Map.entry(RISK_WEIGHTS_SEVERITY, "CRITICAL:5,HIGH:4,MEDIUM:2,LOW:1"),
            Map.entry(RISK_WEIGHTS_EXPLOITABILITY, "PROVEN:3,LIKELY:3,PLAUSIBLE:2,THEORETICAL:1"),
            Map.entry(RISK_WEIGHTS_TIER, "TIER_1:3,TIER_2:2,TIER_3:1"),
            Map.entry(COVERAGE_WEIGHTS_TIER, "TIER_1:5,TIER_2:3,TIER_3:1"),
            Map.entry(FINDING_SLA_DAYS, "CRITICAL:7,HIGH:30,MEDIUM:90,LOW:120"),
            Map.entry(EVENT_TIME_MAX_FUTURE_MS, String.valueOf(com.devsecopsmetrics.contract.ContractRules.DEFAULT_MAX_FUTURE_MS)),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.BYPASS_RECENT_DAYS, "7"),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.BYPASS_BASELINE_DAYS, "28"),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.BYPASS_RATE_RATIO, "2"),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.BYPASS_MIN_COUNT, "3"),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.COVERAGE_DROP, "0.05"),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.COVERAGE_DAYS, "7"),
            Map.entry(com.devsecopsmetrics.alerts.AlertSettings.REFRESH_MS, "60000"));

    /** Product keys that are not Kafka client settings and so are not passed to the clients (nor is any {@code rest.*} key). */
    private static final java.util.Set<String> PRODUCT_ONLY = java.util.Set.of(
            REST_HOST, REST_PORT, REST_BIND, REST_AUTH_DISABLED, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR, RETENTION_DAYS, EVIDENCE_REQUIRED,
            ROLLUP_INTERVAL_MS, SNAPSHOT_INTERVAL_MS, LOOKBACK_DAYS, RISK_WEIGHTS_SEVERITY, RISK_WEIGHTS_EXPLOITABILITY, RISK_WEIGHTS_TIER,
            COVERAGE_WEIGHTS_TIER, FINDING_SLA_DAYS, EVENT_TIME_MAX_FUTURE_MS, SCHEMA_REGISTRY_COMPATIBILITY,
            com.devsecopsmetrics.alerts.AlertSettings.BYPASS_RECENT_DAYS,
            com.devsecopsmetrics.alerts.AlertSettings.BYPASS_BASELINE_DAYS, com.devsecopsmetrics.alerts.AlertSettings.BYPASS_RATE_RATIO,
            com.devsecopsmetrics.alerts.AlertSettings.BYPASS_MIN_COUNT,
            com.devsecopsmetrics.alerts.AlertSettings.COVERAGE_DROP, com.devsecopsmetrics.alerts.AlertSettings.COVERAGE_DAYS,
            com.devsecopsmetrics.alerts.AlertSettings.REFRESH_MS);

    private final Map<String, String> values;

    private DsmConfig(Map<String, String> values) {
        this.values = values;
    }

    public static DsmConfig load(Path file, Map<String, String> env, Map<String, String> overrides) throws IOException {
        Map<String, String> v = new TreeMap<>(DEFAULTS);
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> v.put(k, p.getProperty(k).trim()));
        }
        env.forEach((k, val) -> {
            if (k.startsWith("DSM_") && k.length() > 4 && !k.equals("DSM_JAVA_OPTS") && !k.equals("DSM_LOG_LEVEL")) {
                v.put(k.substring(4).toLowerCase(Locale.ROOT).replace('_', '.'), val);
            }
        });
        v.putAll(overrides);
        return new DsmConfig(v);
    }

    public static DsmConfig defaults() {
        return new DsmConfig(new TreeMap<>(DEFAULTS));
    }

    public DsmConfig with(String key, String value) {
        Map<String, String> v = new TreeMap<>(values);
        v.put(key, value);
        return new DsmConfig(v);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing configuration key " + key);
        }
        return v;
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key " + key + " must be an integer, got '" + get(key) + "'");
        }
    }

    /** The evidence kinds a release needs for release_evidence_rate, e.g. {@code SBOM,SCAN_REPORT}. */
    public java.util.Set<com.devsecopsmetrics.events.EvidenceKind> requiredEvidence() {
        java.util.Set<com.devsecopsmetrics.events.EvidenceKind> kinds = java.util.EnumSet.noneOf(com.devsecopsmetrics.events.EvidenceKind.class);
        for (String part : get(EVIDENCE_REQUIRED).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                kinds.add(com.devsecopsmetrics.events.EvidenceKind.valueOf(part.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EVIDENCE_REQUIRED + ": unknown evidence kind '" + part.trim() + "'");
            }
        }
        return kinds;
    }

    public com.devsecopsmetrics.debt.RiskWeights riskWeights() {
        return new com.devsecopsmetrics.debt.RiskWeights(
                com.devsecopsmetrics.debt.RiskWeights.parse(RISK_WEIGHTS_SEVERITY, get(RISK_WEIGHTS_SEVERITY), com.devsecopsmetrics.events.Severity.class),
                com.devsecopsmetrics.debt.RiskWeights.parse(RISK_WEIGHTS_EXPLOITABILITY, get(RISK_WEIGHTS_EXPLOITABILITY), com.devsecopsmetrics.events.Exploitability.class),
                com.devsecopsmetrics.debt.RiskWeights.parse(RISK_WEIGHTS_TIER, get(RISK_WEIGHTS_TIER), com.devsecopsmetrics.events.Tier.class));
    }

    public Map<com.devsecopsmetrics.events.Tier, Integer> coverageWeights() {
        return com.devsecopsmetrics.debt.RiskWeights.parse(COVERAGE_WEIGHTS_TIER, get(COVERAGE_WEIGHTS_TIER), com.devsecopsmetrics.events.Tier.class);
    }

    public Map<com.devsecopsmetrics.events.Severity, Integer> slaDays() {
        return com.devsecopsmetrics.debt.RiskWeights.parse(FINDING_SLA_DAYS, get(FINDING_SLA_DAYS), com.devsecopsmetrics.events.Severity.class);
    }

    /** DESIGN §7's limits, with the configured tolerance for event times ahead of the wall clock (at most an hour). */
    public com.devsecopsmetrics.contract.ContractRules contractRules() {
        long maxFuture;
        try {
            maxFuture = Long.parseLong(get(EVENT_TIME_MAX_FUTURE_MS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EVENT_TIME_MAX_FUTURE_MS + " must be an integer, got '" + get(EVENT_TIME_MAX_FUTURE_MS) + "'");
        }
        return new com.devsecopsmetrics.contract.ContractRules(maxFuture);
    }

    public String applicationServer() {
        return values.getOrDefault(APPLICATION_SERVER, get(REST_HOST) + ":" + get(REST_PORT));
    }

    /** Everything a Kafka client (admin, producer, streams) should see. */
    public Properties clientProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (!PRODUCT_ONLY.contains(k) && !k.startsWith("rest.")) {
                p.put(k, v);
            }
        });
        return p;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
