package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.Service;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema history must hold every schema a build writes to a store, and never lose one: whoever adds a field to
 * an {@code .avsc} of a stored event adds the new version (this test prints it), and keeps the old ones, which
 * state written by earlier releases names.
 */
class ReleasedSchemasTest {
    /** The event types kept in state stores: through {@link InternalAvroSerde}, and the catalogue (registry framing). */
    private static final List<Class<?>> STORED = List.of(Commit.class, Deployment.class, Finding.class, Incident.class, ScanResult.class,
            Service.class);

    @Test
    void theHistoryHoldsEveryStoredSchemaAsCompiled() {
        for (Class<?> type : STORED) {
            Schema compiled = SpecificData.get().getSchema(type);
            assertThat(ReleasedSchemas.committed().knows(compiled))
                    .as("schemas/src/main/resources/schema-history/%s is missing, and its line in %s; its content:%n%s",
                            ReleasedSchemas.fileOf(compiled), ReleasedSchemas.INDEX, compiled.toString(true))
                    .isTrue();
        }
    }

    @Test
    void everySchemaFileOfTheHistoryIsInItsIndex() throws IOException, URISyntaxException {
        URL index = getClass().getClassLoader().getResource(ReleasedSchemas.INDEX);
        assertThat(index).isNotNull();
        if (!"file".equals(index.getProtocol())) {
            return; // read from a jar: its folder cannot be listed, and the build that made the jar ran this test
        }
        Path folder = Path.of(index.toURI()).getParent();
        List<String> listed = Files.readAllLines(Path.of(index.toURI()), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> onDisk = files.filter(p -> p.toString().endsWith(".avsc"))
                    .map(p -> folder.relativize(p).toString().replace('\\', '/')).toList();
            assertThat(listed).as("every schema file of the history is listed in " + ReleasedSchemas.INDEX).containsAll(onDisk);
        }
    }
}
