package com.devsecopsmetrics.config;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.CaseInsensitiveValidString;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The product's configuration: defaults, then a properties file, then {@code DSM_*} environment variables,
 * then command-line overrides. {@code DSM_SCHEMA_REGISTRY_URL} becomes {@code schema.registry.url}.
 * Keys the product does not know are passed to the Kafka clients unchanged, so any security or client
 * setting (security.protocol, sasl.*, ssl.*) can be given the same way.
 *
 * <p>Every product key is defined in {@link #CONFIG_DEF} with its type, default, validator and meaning; {@link #load}
 * refuses a value its definition does not accept, naming the key. The values are kept as the strings given, so
 * {@link #get} and {@link #asMap} answer what was configured. Of the product keys, only those in the group
 * {@link #KAFKA_CLIENTS} reach the Kafka clients, and no {@code rest.*} key ever does.
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
    /** Fewer samples than this behind a rate or percentile mark it low-sample: shown, but judged by no verdict. */
    public static final String REPORT_MIN_SAMPLE = "report.min.sample";
    public static final String EVENT_TIME_MAX_FUTURE_MS = ContractRules.MAX_FUTURE_CONFIG;

    /** The ConfigDef group of the product keys that are also Kafka client settings, and so are passed to the clients. */
    public static final String KAFKA_CLIENTS = "Kafka clients";
    private static final String PRODUCT = "Product";
    private static final String REST = "REST API";
    private static final String ALERTS = "Alerts";

    /** The defaults as the strings {@link #get} answers (keys without a default are absent). */
    static final Map<String, String> DEFAULTS;
    /** Every product key: its type, default, validator and meaning. */
    public static final ConfigDef CONFIG_DEF;

    static {
        Definitions d = new Definitions();
        d.define(KAFKA_CLIENTS, BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", new NonEmptyString(), Importance.HIGH, "Kafka cluster");
        d.define(KAFKA_CLIENTS, APPLICATION_ID, Type.STRING, "devsecops-metrics", new NonEmptyString(), Importance.HIGH,
                "Kafka Streams application id (consumer group, internal topic prefix)");
        d.define(KAFKA_CLIENTS, STATE_DIR, Type.STRING, ".dsm-data/state", new NonEmptyString(), Importance.HIGH, "state stores (RocksDB)");
        d.define(KAFKA_CLIENTS, APPLICATION_SERVER, Type.STRING, null, null, Importance.MEDIUM,
                "advertised for interactive-query routing; rest.host:rest.port when unset");
        d.define(KAFKA_CLIENTS, SCHEMA_REGISTRY_URL, Type.STRING, "mock://embedded", new NonEmptyString(), Importance.HIGH,
                "Confluent-compatible registry URL(s), or mock://<scope> for the in-process registry");
        d.define(KAFKA_CLIENTS, NUM_STREAM_THREADS, Type.INT, "2", Range.atLeast(1), Importance.MEDIUM, "Kafka Streams threads");
        d.define(KAFKA_CLIENTS, NUM_STANDBY_REPLICAS, Type.INT, "0", Range.atLeast(0), Importance.MEDIUM,
                "warm copies for failover and queries");

        d.define(REST, REST_HOST, Type.STRING, "localhost", new NonEmptyString(), Importance.HIGH,
                "host name other instances use to reach this one");
        d.define(REST, REST_PORT, Type.INT, "8080", Range.between(0, 65535), Importance.HIGH, "REST API and dashboard");
        d.define(REST, REST_BIND, Type.STRING, "127.0.0.1", new NonEmptyString(), Importance.HIGH,
                "the address the REST API listens on; beyond loopback only with authentication or rest.auth.disabled=true");
        d.define(REST, REST_AUTH_DISABLED, Type.BOOLEAN, "false", null, Importance.MEDIUM,
                "confirms that the API is protected another way when it listens beyond loopback without authentication");
        d.define(REST, REST_AUTH_TOKENS_FILE, Type.STRING, null, null, Importance.HIGH,
                "the tokens file (lines ID:ROLE:SCOPE:SHA256); turns authentication on");
        d.define(REST, REST_AUTH_JWKS_LOCATION, Type.STRING, null, null, Importance.HIGH,
                "a JWKS (https:// URL or file) whose keys sign accepted bearer JWTs; turns authentication on");
        d.define(REST, REST_AUTH_JWT_ISSUER, Type.STRING, null, null, Importance.MEDIUM, "the exact iss an accepted JWT must carry");
        d.define(REST, REST_AUTH_JWT_AUDIENCE, Type.STRING, null, null, Importance.MEDIUM, "an aud an accepted JWT must carry");
        d.define(REST, REST_AUTH_JWT_ROLE_CLAIM, Type.STRING, "dsm_role", new NonEmptyString(), Importance.LOW,
                "the JWT claim that holds the role (viewer, metrics, admin)");
        d.define(REST, REST_AUTH_JWT_TEAM_CLAIM, Type.STRING, "dsm_team", new NonEmptyString(), Importance.LOW,
                "the JWT claim that holds the team (* for every team)");
        d.define(REST, REST_INTERNAL_TOKEN, Type.PASSWORD, null, null, Importance.HIGH,
                "the instance credential (at least 32 characters, the same on every instance) that forwarded queries carry");
        d.define(REST, TlsSettings.KEYSTORE_LOCATION, Type.STRING, null, null, Importance.HIGH,
                "HTTPS: the key store with this instance's key and certificate");
        d.define(REST, TlsSettings.KEYSTORE_PASSWORD, Type.PASSWORD, null, null, Importance.HIGH, "the key store's password");
        d.define(REST, TlsSettings.KEYSTORE_TYPE, Type.STRING, "PKCS12", null, Importance.LOW, "the key store's type");
        d.define(REST, TlsSettings.CLIENT_AUTH, Type.STRING, "none", CaseInsensitiveValidString.in("none", "requested", "required"),
                Importance.MEDIUM, "required (or requested): clients must present a certificate that chains to the trust store");
        d.define(REST, TlsSettings.TRUSTSTORE_LOCATION, Type.STRING, null, null, Importance.MEDIUM,
                "the authorities client certificates and forwarded-to instances must chain to (the JDK's when unset)");
        d.define(REST, TlsSettings.TRUSTSTORE_PASSWORD, Type.PASSWORD, null, null, Importance.MEDIUM, "the trust store's password");
        d.define(REST, TlsSettings.TRUSTSTORE_TYPE, Type.STRING, "PKCS12", null, Importance.LOW, "the trust store's type");
        d.define(REST, REST_ALLOWED_HOSTS, Type.STRING, null, null, Importance.MEDIUM,
                "comma-separated host names the API answers for (any when unset)");

        d.define(PRODUCT, SCHEMA_REGISTRY_COMPATIBILITY, Type.STRING, "BACKWARD", DsmConfig::compatibilityLevel, Importance.MEDIUM,
                "the compatibility level set on the output subjects the application owns; NONE or empty leaves them alone");
        d.define(PRODUCT, TOPIC_PARTITIONS, Type.INT, "6", Range.atLeast(1), Importance.MEDIUM, "partitions of the topics the app creates");
        d.define(PRODUCT, TOPIC_REPLICATION_FACTOR, Type.INT, "-1", DsmConfig::replicationFactor, Importance.MEDIUM,
                "replication of created and internal topics (-1: the broker's default)");
        d.define(PRODUCT, RETENTION_DAYS, Type.INT, "400", Range.atLeast(1), Importance.MEDIUM,
                "horizon of the order-independence guarantee");
        d.define(PRODUCT, EVIDENCE_REQUIRED, Type.STRING, "SBOM,SCAN_REPORT", DsmConfig::evidenceKindList, Importance.MEDIUM,
                "evidence kinds a release needs for release_evidence_rate");
        d.define(PRODUCT, ROLLUP_INTERVAL_MS, Type.INT, "1000", Range.atLeast(1), Importance.LOW,
                "how often, at most, changed service-days are folded into the roll-ups");
        d.define(PRODUCT, SNAPSHOT_INTERVAL_MS, Type.INT, "2000", Range.atLeast(1), Importance.LOW,
                "how often, at most, the snapshot moves on to newly completed days");
        d.define(PRODUCT, LOOKBACK_DAYS, Type.INT, "30", Range.atLeast(1), Importance.MEDIUM, "practice lookback of the snapshot, in days");
        d.define(PRODUCT, RISK_WEIGHTS_SEVERITY, Type.STRING, "CRITICAL:5,HIGH:4,MEDIUM:2,LOW:1", weights(Severity.class),
                Importance.MEDIUM, "severity weight of the risk index");
        d.define(PRODUCT, RISK_WEIGHTS_EXPLOITABILITY, Type.STRING, "PROVEN:3,LIKELY:3,PLAUSIBLE:2,THEORETICAL:1",
                weights(Exploitability.class), Importance.MEDIUM, "exploitability weight of the risk index");
        d.define(PRODUCT, RISK_WEIGHTS_TIER, Type.STRING, "TIER_1:3,TIER_2:2,TIER_3:1", weights(Tier.class), Importance.MEDIUM,
                "asset-criticality weight of the risk index");
        d.define(PRODUCT, COVERAGE_WEIGHTS_TIER, Type.STRING, "TIER_1:5,TIER_2:3,TIER_3:1", weights(Tier.class), Importance.MEDIUM,
                "tier weights of weighted_practice_coverage");
        d.define(PRODUCT, FINDING_SLA_DAYS, Type.STRING, "CRITICAL:7,HIGH:30,MEDIUM:90,LOW:120", weights(Severity.class),
                Importance.MEDIUM, "days an open finding may stay open, per severity");
        d.define(PRODUCT, REPORT_MIN_SAMPLE, Type.INT, "10", Range.atLeast(1), Importance.LOW,
                "fewest events behind a rate or percentile for the report to judge it");
        d.define(PRODUCT, EVENT_TIME_MAX_FUTURE_MS, Type.LONG, String.valueOf(ContractRules.DEFAULT_MAX_FUTURE_MS),
                Range.between(0, ContractRules.MAX_ALLOWED_FUTURE_MS), Importance.MEDIUM,
                "how far after the wall clock an event's time may be; later events go to the dead-letter topic");

        d.define(ALERTS, AlertSettings.BYPASS_RECENT_DAYS, Type.INT, "7", Range.atLeast(1), Importance.LOW,
                "GATE_BYPASS_RATE_RISING: the recent window, in completed UTC days");
        d.define(ALERTS, AlertSettings.BYPASS_BASELINE_DAYS, Type.INT, "28", Range.atLeast(1), Importance.LOW,
                "the baseline window: the days just before the recent one");
        d.define(ALERTS, AlertSettings.BYPASS_RATE_RATIO, Type.DOUBLE, "2", DsmConfig::positive, Importance.LOW,
                "the recent gate_bypass_rate must be at least this multiple of the baseline's");
        d.define(ALERTS, AlertSettings.BYPASS_MIN_COUNT, Type.INT, "3", Range.atLeast(0), Importance.LOW,
                "and the recent window must hold at least this many bypasses");
        d.define(ALERTS, AlertSettings.COVERAGE_DROP, Type.DOUBLE, "0.05", DsmConfig::positive, Importance.LOW,
                "TIER1_COVERAGE_DROP: the fall of tier-1 practice coverage (0..1) that alerts");
        d.define(ALERTS, AlertSettings.COVERAGE_DAYS, Type.INT, "7", Range.atLeast(1), Importance.LOW,
                "the fall is measured against the coverage this many days earlier");
        d.define(ALERTS, AlertSettings.REFRESH_MS, Type.INT, "60000", Range.atLeast(1), Importance.LOW,
                "how often each partition recomputes its report of the completed day");
        CONFIG_DEF = d.def;
        DEFAULTS = Collections.unmodifiableMap(d.defaults);
    }

    /** Product keys that are not Kafka client settings and so are not passed to the clients (nor is any {@code rest.*} key). */
    private static final Set<String> PRODUCT_ONLY = CONFIG_DEF.configKeys().values().stream()
            .filter(k -> !KAFKA_CLIENTS.equals(k.group)).map(k -> k.name).collect(Collectors.toUnmodifiableSet());

    private final Map<String, String> values;

    private DsmConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Defaults, then {@code file}, then the {@code DSM_*} variables of {@code env}, then {@code overrides}.
     *
     * @throws ConfigException when a product key has a value its definition refuses; the message names the key
     */
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
        CONFIG_DEF.parse(v);
        return new DsmConfig(v);
    }

    public static DsmConfig defaults() {
        return new DsmConfig(new TreeMap<>(DEFAULTS));
    }

    /** This configuration with {@code key} set to {@code value}, as given (not validated: {@link #load} validates). */
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
    public Set<EvidenceKind> requiredEvidence() {
        return evidenceKinds(get(EVIDENCE_REQUIRED));
    }

    private static Set<EvidenceKind> evidenceKinds(String value) {
        Set<EvidenceKind> kinds = EnumSet.noneOf(EvidenceKind.class);
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                kinds.add(EvidenceKind.valueOf(part.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EVIDENCE_REQUIRED + ": unknown evidence kind '" + part.trim() + "'");
            }
        }
        return kinds;
    }

    public RiskWeights riskWeights() {
        return new RiskWeights(
                RiskWeights.parse(RISK_WEIGHTS_SEVERITY, get(RISK_WEIGHTS_SEVERITY), Severity.class),
                RiskWeights.parse(RISK_WEIGHTS_EXPLOITABILITY, get(RISK_WEIGHTS_EXPLOITABILITY), Exploitability.class),
                RiskWeights.parse(RISK_WEIGHTS_TIER, get(RISK_WEIGHTS_TIER), Tier.class));
    }

    public Map<Tier, Integer> coverageWeights() {
        return RiskWeights.parse(COVERAGE_WEIGHTS_TIER, get(COVERAGE_WEIGHTS_TIER), Tier.class);
    }

    public Map<Severity, Integer> slaDays() {
        return RiskWeights.parse(FINDING_SLA_DAYS, get(FINDING_SLA_DAYS), Severity.class);
    }

    /** DESIGN §7's limits, with the configured tolerance for event times ahead of the wall clock (at most an hour). */
    public ContractRules contractRules() {
        long maxFuture;
        try {
            maxFuture = Long.parseLong(get(EVENT_TIME_MAX_FUTURE_MS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EVENT_TIME_MAX_FUTURE_MS + " must be an integer, got '" + get(EVENT_TIME_MAX_FUTURE_MS) + "'");
        }
        return new ContractRules(maxFuture);
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

    /** The settings, with every password ({@link Type#PASSWORD} keys and client keys that name one) hidden. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, secret(k) ? "[hidden]" : v));
        return "DsmConfig" + shown;
    }

    private static boolean secret(String key) {
        ConfigDef.ConfigKey def = CONFIG_DEF.configKeys().get(key);
        if (def != null) {
            return def.type == Type.PASSWORD;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.endsWith("jaas.config")
                || k.endsWith("user.info");
    }

    private static void compatibilityLevel(String name, Object value) {
        try {
            RegistryCompatibility.level(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    private static void replicationFactor(String name, Object value) {
        int factor = (Integer) value;
        if (factor != -1 && (factor < 1 || factor > Short.MAX_VALUE)) {
            throw new ConfigException(name, value, "must be -1 (the broker's default) or 1 to " + Short.MAX_VALUE);
        }
    }

    private static void evidenceKindList(String name, Object value) {
        try {
            evidenceKinds(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage() + "; expected a comma-separated list of " + EnumSet.allOf(EvidenceKind.class));
        }
    }

    private static void positive(String name, Object value) {
        if (!(((Double) value) > 0)) {
            throw new ConfigException(name, value, "must be positive");
        }
    }

    private static <E extends Enum<E>> Validator weights(Class<E> symbols) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    RiskWeights.parse(name, String.valueOf(value), symbols);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "NAME:integer for each of " + EnumSet.allOf(symbols);
            }
        };
    }

    /** Builds {@link #CONFIG_DEF} and the defaults as written (so {@code 2} stays {@code 2}, not {@code 2.0}). */
    private static final class Definitions {
        final ConfigDef def = new ConfigDef();
        final Map<String, String> defaults = new LinkedHashMap<>();
        private final Map<String, Integer> orderInGroup = new LinkedHashMap<>();

        void define(String group, String name, Type type, String defaultValue, Validator validator, Importance importance, String doc) {
            int order = orderInGroup.merge(group, 1, Integer::sum);
            def.define(name, type, defaultValue, validator, importance, doc, group, order, ConfigDef.Width.MEDIUM, name);
            if (defaultValue != null) {
                defaults.put(name, defaultValue);
            }
        }
    }
}
