package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.serde.MockSchemaRegistry;
import com.devsecopsmetrics.serde.RegisteredSchema;
import com.devsecopsmetrics.serde.SchemaRegistryClient;
import com.devsecopsmetrics.serde.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryHygieneTest {
    @Test
    void theOutputSubjectsGetTheConfiguredLevelByDefaultBackward() {
        String scope = "hygiene-" + UUID.randomUUID();
        DsmConfig config = DsmConfig.defaults().with(DsmConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);

        assertThat(RegistryHygiene.setCompatibility(config)).containsExactly(
                "devsecops.metrics.daily-value", "devsecops.metrics.snapshot-value", "devsecops.alerts-value");
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        RegistryHygiene.OWNED_SUBJECTS.forEach(s -> assertThat(registry.compatibility(s)).isEqualTo("BACKWARD"));

        RegistryHygiene.setCompatibility(config.with(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, "full_transitive"));
        assertThat(registry.compatibility("devsecops.alerts-value")).isEqualTo("FULL_TRANSITIVE");
    }

    @Test
    void noneOrEmptyLeavesTheRegistryAloneAndAnUnknownLevelIsAConfigError() {
        String scope = "hygiene-" + UUID.randomUUID();
        DsmConfig config = DsmConfig.defaults().with(DsmConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        assertThat(RegistryHygiene.setCompatibility(config.with(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, "NONE"))).isEmpty();
        assertThat(RegistryHygiene.setCompatibility(config.with(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, " "))).isEmpty();
        assertThat(MockSchemaRegistry.forScope(scope).compatibility("devsecops.metrics.daily-value")).isNull();
        assertThatThrownBy(() -> RegistryHygiene.setCompatibility(config.with(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, "SIDEWAYS")))
                .hasMessageContaining("schema.registry.compatibility must be one of");
    }

    @Test
    void aRegistryThatRefusesIsSkippedNotFatal() {
        for (int status : new int[] {401, 403, 404, 405, 422, 500}) {
            assertThat(RegistryHygiene.setCompatibility("BACKWARD", refusing(status))).as("HTTP " + status).isEmpty();
        }
    }

    private static SchemaRegistryClient refusing(int status) {
        return new SchemaRegistryClient() {
            public int register(String subject, Schema schema) {
                throw new UnsupportedOperationException();
            }

            public int lookup(String subject, Schema schema) {
                throw new UnsupportedOperationException();
            }

            public Schema getById(int id) {
                throw new UnsupportedOperationException();
            }

            public RegisteredSchema latest(String subject) {
                throw new UnsupportedOperationException();
            }

            public void setCompatibility(String subject, String level) {
                throw new SchemaRegistryException("refused", -1, status);
            }

            public String describe() {
                return "refusing://" + status;
            }
        };
    }
}
