package com.devsecopsmetrics.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateToDirectoryTest {

    private static final Map<String, String> TIME_FIELD = Map.of(
            "services", "updated_at", "commits", "committed_at", "deployments", "deployed_at",
            "incidents", "occurred_at", "scan-results", "completed_at", "findings", "occurred_at");

    @Test
    void writesOneTimeOrderedJsonLinesFilePerKind(@TempDir Path directory) throws Exception {
        OrganisationSpec spec = new OrganisationSpec(8, 20, 3L, Instant.parse("2026-03-01T00:00:00Z"));
        Map<String, Long> counts = GenerateToDirectory.write(spec, directory);

        assertThat(counts.keySet()).containsExactly("services", "commits", "deployments", "incidents", "scan-results", "findings");
        ObjectMapper mapper = new ObjectMapper();
        for (String kind : counts.keySet()) {
            Path file = directory.resolve(kind + ".jsonl");
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).as(kind).hasSize(counts.get(kind).intValue()).isNotEmpty();
            List<Instant> times = new ArrayList<>();
            for (String line : lines) {
                JsonNode node = mapper.readTree(line);
                assertThat(node.get("service_id").isTextual()).isTrue();
                String time = node.get(TIME_FIELD.get(kind)).asText();
                assertThat(time).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                times.add(Instant.parse(time));
            }
            assertThat(times).as(kind).isSortedAccordingTo(Comparator.naturalOrder());
        }
    }
}
