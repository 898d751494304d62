package com.devsecopsmetrics.events;

import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import com.devsecopsmetrics.outputs.ServiceSnapshotMetrics;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/events.md is the Avro schemas' own documentation as tables, one per record: this test renders them from the
 * compiled schemas and fails when the file says anything else. {@code -Devents.doc.update=true} rewrites the file.
 */
class EventFieldsDocTest {
    static final Path FILE = Path.of("..", "docs", "events.md");
    static final List<Schema> RECORDS = List.of(Service.getClassSchema(), Commit.getClassSchema(), Deployment.getClassSchema(),
            Incident.getClassSchema(), ScanResult.getClassSchema(), Finding.getClassSchema(),
            ServiceDailyMetrics.getClassSchema(), ServiceSnapshotMetrics.getClassSchema(), Alert.getClassSchema());

    @Test
    void docsEventsMdIsTheSchemasDocumentation() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("events.doc.update")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "")
                .as("docs/events.md is generated from the .avsc files: run `mvn -pl schemas test "
                        + "-Dtest=EventFieldsDocTest -Devents.doc.update=true` after changing a schema")
                .isEqualTo(expected);
    }

    @Test
    void everyFieldHasADocumentation() {
        for (Schema record : RECORDS) {
            assertThat(record.getDoc()).as(record.getName()).isNotBlank();
            record.getFields().forEach(f -> assertThat(f.doc()).as(record.getName() + "." + f.name()).isNotBlank());
        }
    }

    static String render() {
        StringBuilder md = new StringBuilder("""
                # Event and output records

                Generated from the Avro schemas in `schemas/src/main/avro/` (`EventFieldsDocTest` keeps this file equal to
                them). Input events are written by producers (`bin/dsm load`, the connectors, your own code) as Avro in
                the Confluent wire format, or as JSON lines with the same field names for `bin/dsm load`; output records
                are written by the application. Times are UTC; `timestamp` fields are milliseconds since the epoch in
                Avro and ISO-8601 strings in JSON.
                """);
        for (Schema record : RECORDS) {
            md.append("\n## ").append(record.getName()).append("\n\n").append(record.getDoc()).append("\n\n")
                    .append("| field | type | meaning |\n| --- | --- | --- |\n");
            for (Schema.Field field : record.getFields()) {
                md.append("| `").append(field.name()).append("` | ").append(type(field.schema())).append(" | ")
                        .append(cell(field.doc())).append(" |\n");
            }
        }
        return md.toString();
    }

    static String type(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            return logical.getName().startsWith("timestamp") ? "timestamp" : logical.getName();
        }
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL)
                    .map(EventFieldsDocTest::type).collect(Collectors.joining(" or "))
                    + (schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL) ? ", optional (null)" : "");
            case ENUM -> "one of " + schema.getEnumSymbols().stream().map(s -> "`" + s + "`").collect(Collectors.joining(", "));
            case ARRAY -> "list of " + type(schema.getElementType());
            case MAP -> "map of string to " + type(schema.getValueType());
            case RECORD -> "record `" + schema.getName() + "` (" + schema.getFields().stream()
                    .map(f -> "`" + f.name() + "`: " + type(f.schema())).collect(Collectors.joining("; ")) + ")";
            default -> schema.getType().getName();
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
