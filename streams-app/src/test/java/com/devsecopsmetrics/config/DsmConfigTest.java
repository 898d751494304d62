package com.devsecopsmetrics.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsmConfigTest {
    /** The defaults as the hand-rolled map had them before DsmConfig moved onto ConfigDef. */
    private static final Map<String, String> DEFAULTS_BEFORE_CONFIGDEF = Map.ofEntries(
            Map.entry("bootstrap.servers", "localhost:9092"), Map.entry("application.id", "devsecops-metrics"),
            Map.entry("state.dir", ".dsm-data/state"), Map.entry("rest.host", "localhost"), Map.entry("rest.port", "8080"),
            Map.entry("rest.bind", "127.0.0.1"), Map.entry("rest.auth.disabled", "false"),
            Map.entry("rest.auth.jwt.role.claim", "dsm_role"), Map.entry("rest.auth.jwt.team.claim", "dsm_team"),
            Map.entry("schema.registry.url", "mock://embedded"), Map.entry("schema.registry.compatibility", "BACKWARD"),
            Map.entry("topic.partitions", "6"), Map.entry("topic.replication.factor", "-1"), Map.entry("retention.days", "400"),
            Map.entry("num.stream.threads", "2"), Map.entry("num.standby.replicas", "0"),
            Map.entry("evidence.required", "SBOM,SCAN_REPORT"), Map.entry("rollup.interval.ms", "1000"),
            Map.entry("snapshot.interval.ms", "2000"), Map.entry("coverage.lookback.days", "30"),
            Map.entry("risk.weights.severity", "CRITICAL:5,HIGH:4,MEDIUM:2,LOW:1"),
            Map.entry("risk.weights.exploitability", "PROVEN:3,LIKELY:3,PLAUSIBLE:2,THEORETICAL:1"),
            Map.entry("risk.weights.tier", "TIER_1:3,TIER_2:2,TIER_3:1"), Map.entry("coverage.weights.tier", "TIER_1:5,TIER_2:3,TIER_3:1"),
            Map.entry("finding.sla.days", "CRITICAL:7,HIGH:30,MEDIUM:90,LOW:120"), Map.entry("event.time.max.future.ms", "300000"),
            Map.entry("alerts.bypass.recent.days", "7"), Map.entry("alerts.bypass.baseline.days", "28"),
            Map.entry("alerts.bypass.rate.ratio", "2"), Map.entry("alerts.bypass.min.count", "3"),
            Map.entry("alerts.coverage.drop", "0.05"), Map.entry("alerts.coverage.days", "7"), Map.entry("alerts.refresh.ms", "60000"));

    @Test
    void theDefaultsAreThoseOfBeforePlusTheTlsDefaultsTlsSettingsAlreadyApplied() {
        Map<String, String> expected = new HashMap<>(DEFAULTS_BEFORE_CONFIGDEF);
        expected.put(TlsSettings.CLIENT_AUTH, "none");
        expected.put(TlsSettings.KEYSTORE_TYPE, "PKCS12");
        expected.put(TlsSettings.TRUSTSTORE_TYPE, "PKCS12");
        expected.put(DsmConfig.REPORT_MIN_SAMPLE, "10"); // added with the report's low-sample marking (issue 19)
        assertThat(DsmConfig.defaults().asMap()).isEqualTo(expected);
        assertThat(DsmConfig.defaults().clientProperties()).containsOnlyKeys("bootstrap.servers", "application.id", "state.dir",
                "schema.registry.url", "num.stream.threads", "num.standby.replicas");
    }

    @Test
    void invalidValuesFailAtLoadNamingTheKey() {
        Map<String, String> invalid = Map.of(DsmConfig.REST_PORT, "abc", DsmConfig.RETENTION_DAYS, "-1",
                DsmConfig.RISK_WEIGHTS_SEVERITY, "CRITICAL:x", TlsSettings.CLIENT_AUTH, "maybe",
                DsmConfig.TOPIC_REPLICATION_FACTOR, "0", DsmConfig.EVIDENCE_REQUIRED, "SBOM,SELFIE",
                DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, "SIDEWAYS", DsmConfig.REST_AUTH_DISABLED, "yes",
                DsmConfig.EVENT_TIME_MAX_FUTURE_MS, "3600001", AlertSettings.BYPASS_RATE_RATIO, "0");
        invalid.forEach((key, value) -> assertThatThrownBy(() -> DsmConfig.load(null, Map.of(), Map.of(key, value)))
                .as(key + "=" + value)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(value));
        assertThatThrownBy(() -> DsmConfig.load(null, Map.of(), Map.of(DsmConfig.REPORT_MIN_SAMPLE, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DsmConfig.REPORT_MIN_SAMPLE);
        assertThatThrownBy(() -> DsmConfig.load(null, Map.of(), Map.of(DsmConfig.RISK_WEIGHTS_SEVERITY, "CRITICAL:5,HIGH:4")))
                .hasMessageContaining(DsmConfig.RISK_WEIGHTS_SEVERITY).hasMessageContaining("needs a weight");
    }

    @Test
    void invalidValuesFromTheFileAndTheEnvironmentFailToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dsm.properties");
        Files.writeString(file, "retention.days=-1\n");
        assertThatThrownBy(() -> DsmConfig.load(file, Map.of(), Map.of())).hasMessageContaining(DsmConfig.RETENTION_DAYS);
        assertThatThrownBy(() -> DsmConfig.load(null, Map.of("DSM_REST_PORT", "abc"), Map.of())).hasMessageContaining(DsmConfig.REST_PORT);
        // a later source mends an earlier one: only the winning value is checked
        assertThat(DsmConfig.load(file, Map.of("DSM_RETENTION_DAYS", "30"), Map.of()).getInt(DsmConfig.RETENTION_DAYS)).isEqualTo(30);
    }

    @Test
    void validSpellingsStillLoadAsGiven() throws Exception {
        DsmConfig config = DsmConfig.load(null, Map.of(), Map.of(TlsSettings.CLIENT_AUTH, "Required",
                DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, "full_transitive", DsmConfig.EVIDENCE_REQUIRED, "",
                DsmConfig.REST_AUTH_DISABLED, "TRUE", AlertSettings.BYPASS_RATE_RATIO, "1.5"));
        assertThat(config.get(TlsSettings.CLIENT_AUTH)).isEqualTo("Required");
        assertThat(config.get(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY)).isEqualTo("full_transitive");
        assertThat(config.requiredEvidence()).isEmpty();
        assertThat(config.get(AlertSettings.BYPASS_RATE_RATIO)).isEqualTo("1.5");
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dsm.properties");
        Files.writeString(file, "topic.partitions = 3 \nnum.stream.threads=4\nretention.days=100\n");
        DsmConfig config = DsmConfig.load(file, Map.of("DSM_NUM_STREAM_THREADS", "5", "DSM_RETENTION_DAYS", "200",
                "DSM_JAVA_OPTS", "-Xmx1g"), Map.of(DsmConfig.RETENTION_DAYS, "300"));
        assertThat(config.get(DsmConfig.TOPIC_PARTITIONS)).isEqualTo("3");
        assertThat(config.get(DsmConfig.NUM_STREAM_THREADS)).isEqualTo("5");
        assertThat(config.get(DsmConfig.RETENTION_DAYS)).isEqualTo("300");
        assertThat(config.get(DsmConfig.ROLLUP_INTERVAL_MS)).isEqualTo("1000");
        assertThat(config.asMap()).doesNotContainKeys("java.opts");
    }

    @Test
    void unknownKeysReachTheClientsUnchangedAndRestKeysNever() throws Exception {
        DsmConfig config = DsmConfig.load(null, Map.of("DSM_SECURITY_PROTOCOL", "SASL_SSL"), Map.of("sasl.mechanism", "PLAIN",
                "rest.something.new", "x", DsmConfig.REST_INTERNAL_TOKEN, "t".repeat(32), DsmConfig.APPLICATION_SERVER, "a:1"));
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry(DsmConfig.APPLICATION_SERVER, "a:1").containsEntry(DsmConfig.NUM_STREAM_THREADS, "2");
        assertThat(config.clientProperties().stringPropertyNames()).noneMatch(k -> k.startsWith("rest."))
                .doesNotContain(DsmConfig.RETENTION_DAYS, DsmConfig.RISK_WEIGHTS_TIER, AlertSettings.REFRESH_MS,
                        DsmConfig.EVENT_TIME_MAX_FUTURE_MS, DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY);
        assertThat(config.applicationServer()).isEqualTo("a:1");
        assertThat(DsmConfig.defaults().applicationServer()).isEqualTo("localhost:8080");
    }

    @Test
    void passwordsNeverPrint() throws Exception {
        DsmConfig config = DsmConfig.load(null, Map.of("DSM_REST_INTERNAL_TOKEN", "internal-secret-0123456789abcdefghij"),
                Map.of(TlsSettings.KEYSTORE_PASSWORD, "keystore-secret", TlsSettings.TRUSTSTORE_PASSWORD, "truststore-secret",
                        "ssl.keystore.password", "client-secret", "sasl.jaas.config", "jaas-secret"));
        assertThat(config.toString()).doesNotContain("internal-secret", "keystore-secret", "truststore-secret", "client-secret",
                "jaas-secret").contains(DsmConfig.REST_INTERNAL_TOKEN + "=[hidden]", "rest.port=8080");
        assertThat(config.asMap()).containsEntry(DsmConfig.REST_INTERNAL_TOKEN, "internal-secret-0123456789abcdefghij");
        assertThatThrownBy(() -> DsmConfig.load(null, Map.of(), Map.of(TlsSettings.CLIENT_AUTH, "maybe",
                TlsSettings.KEYSTORE_PASSWORD, "keystore-secret"))).message().doesNotContain("keystore-secret");
    }

    @Test
    void everyProductKeyIsDocumented() {
        DsmConfig.CONFIG_DEF.configKeys().values().forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
        assertThat(DsmConfig.CONFIG_DEF.names()).containsAll(DEFAULTS_BEFORE_CONFIGDEF.keySet());
    }
}
