package com.devsecopsmetrics.connectors.connect;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.AlertStatus;
import com.devsecopsmetrics.serde.KafkaAvroDeserializer;
import com.devsecopsmetrics.serde.SpecificAvroSerde;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractAvroConverterTest {
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://converter-" + UUID.randomUUID());

    /** Events of every kind the connectors produce: a SARIF run (scan + findings), a GitLab push and pipeline, a PagerDuty page. */
    private static List<ContractEvent> everyKind() {
        String sarif = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Semgrep"}},"versionControlProvenance":[{"repositoryUri":"https://x/acme/pay","revisionId":"abc"}],
                 "results":[{"ruleId":"r1","level":"error","message":{"text":"m"}}]}]}""";
        String pd = """
                {"event":{"event_type":"incident.resolved","occurred_at":"2026-03-01T10:00:00Z",
                 "data":{"id":"P1","created_at":"2026-03-01T09:00:00Z","title":"down","service":{"id":"S","summary":"pay"}}}}""";
        String push = """
                {"object_kind":"push","project":{"id":1,"path_with_namespace":"acme/pay"},
                 "commits":[{"id":"c1","timestamp":"2026-03-01T08:00:00+01:00","author":{"name":"a","email":"a@x"}}]}""";
        String deploy = """
                {"object_kind":"deployment","status":"failed","status_changed_at":"2026-03-01 11:00:00 UTC","deployable_id":7,
                 "environment":"production","project":{"id":1,"path_with_namespace":"acme/pay"},"commit_url":"https://x/-/commit/c1"}""";
        Converters c = new Converters(MappingConfig.defaultConfig());
        SourceContext ctx = SourceContext.receivedAt(Instant.parse("2026-03-02T00:00:00Z"));
        return c.convert(Converters.Source.SARIF, sarif.getBytes(StandardCharsets.UTF_8), ctx)
                .plus(c.convert(Converters.Source.PAGERDUTY, pd.getBytes(StandardCharsets.UTF_8), ctx))
                .plus(c.convert(Converters.Source.GITLAB, push.getBytes(StandardCharsets.UTF_8), ctx))
                .plus(c.convert(Converters.Source.GITLAB, deploy.getBytes(StandardCharsets.UTF_8), ctx)).events();
    }

    @Test
    void everyKindIsWrittenAsTheContractsAvroInTheConfluentWireFormatAndReadBack() {
        ContractAvroConverter converter = new ContractAvroConverter();
        converter.configure(config, false);
        KafkaAvroDeserializer reader = new KafkaAvroDeserializer();
        reader.configure(Map.of("schema.registry.url", config.get("schema.registry.url"), "specific.avro.reader", "true"), false);
        List<ContractEvent> events = everyKind();
        assertThat(events.stream().map(ContractEvent::kind).distinct()).containsExactlyInAnyOrder("scan-results", "findings", "incidents",
                "commits", "deployments");
        for (ContractEvent e : events) {
            Struct struct = EventStructs.toStruct(e.value());
            byte[] bytes = converter.fromConnectData(e.topic(), struct.schema(), struct);
            assertThat(bytes[0]).as("magic byte").isZero();
            assertThat(reader.deserialize(e.topic(), bytes)).as(e.kind()).isEqualTo(e.value());
            SchemaAndValue back = converter.toConnectData(e.topic(), bytes);
            assertThat(back.value()).isEqualTo(struct);
        }
    }

    @Test
    void bytesPassThroughAndAnythingElseIsRefusedClearly() {
        ContractAvroConverter converter = new ContractAvroConverter();
        converter.configure(config, false);
        byte[] raw = "{\"zen\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(converter.fromConnectData("devsecops.raw.webhooks", Schema.BYTES_SCHEMA, raw)).isEqualTo(raw);
        assertThat(converter.fromConnectData("devsecops.raw.webhooks", Schema.BYTES_SCHEMA, ByteBuffer.wrap(raw))).isEqualTo(raw);
        assertThat(converter.toConnectData("devsecops.raw.webhooks", raw).value()).isEqualTo(raw);
        assertThat(converter.fromConnectData("t", Schema.STRING_SCHEMA, null)).isNull();
        assertThatThrownBy(() -> converter.fromConnectData("t", Schema.STRING_SCHEMA, "x")).isInstanceOf(DataException.class)
                .hasMessageContaining("contract events and bytes only");
        Struct other = new Struct(SchemaBuilder.struct().name("other.Thing").field("a", Schema.STRING_SCHEMA).build()).put("a", "b");
        assertThatThrownBy(() -> converter.fromConnectData("t", other.schema(), other)).isInstanceOf(DataException.class);
    }

    @Test
    void aStructAnSmtBrokeIsRefusedNamingTheField() {
        ContractEvent finding = everyKind().stream().filter(e -> e.kind().equals("findings")).findFirst().orElseThrow();
        Struct s = EventStructs.toStruct(finding.value());
        s.put("severity", "HUGE");
        assertThatThrownBy(() -> EventStructs.toRecord(s)).isInstanceOf(DataException.class).hasMessageContaining("field 'severity'");
    }

    @Test
    void theAppsAlertsAreReadAsStructsForSinkConnectorsButNeverWritten() {
        ContractAvroConverter converter = new ContractAvroConverter();
        converter.configure(config, false);
        Alert alert = Alert.newBuilder().setId("TIER1_COVERAGE_DROP|org|2026-03-08").setType("TIER1_COVERAGE_DROP").setScope("org")
                .setStatus(AlertStatus.CLEARED).setOpenedAt(Instant.parse("2026-03-09T00:00:00Z")).setClearedAt(Instant.parse("2026-03-13T00:00:00Z"))
                .setAsOf(LocalDate.parse("2026-03-12")).setEvidence("{\"drop\":0.2}").build();
        SpecificAvroSerde<Alert> app = new SpecificAvroSerde<>(Alert.class); // what the streams app writes devsecops.alerts with
        app.configure(config, false);
        byte[] wire = app.serializer().serialize("devsecops.alerts", alert);

        SchemaAndValue read = converter.toConnectData("devsecops.alerts", wire);
        Struct struct = (Struct) read.value();
        assertThat(read.schema().name()).isEqualTo("com.devsecopsmetrics.outputs.Alert");
        assertThat(struct.getString("status")).isEqualTo("CLEARED");
        assertThat(struct.get("cleared_at")).isEqualTo(Date.from(Instant.parse("2026-03-13T00:00:00Z")));
        assertThat(struct.get("as_of")).isEqualTo(Date.from(Instant.parse("2026-03-12T00:00:00Z")));
        assertThat(read.schema().field("as_of").schema().name()).isEqualTo("org.apache.kafka.connect.data.Date"); // Connect's Date logical type
        assertThatThrownBy(() -> converter.fromConnectData("devsecops.alerts", read.schema(), struct)).isInstanceOf(DataException.class);
    }
}
