package com.devsecopsmetrics.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The CycloneDX SBOMs that the build writes before packaging (cyclonedx-maven-plugin, configured in the parent POM)
 * describe exactly what ships, jar for jar: streams-app's target/bom.json every jar of target/lib (the class path of
 * bin/dsm and of the image, which copies the SBOM too) and nothing else, with each jar's SHA-256; the connectors'
 * plugin folder and zip carry theirs, which lists every jar of the plugin's lib/. A failsafe test, so that it reads
 * what the package phase left in target/: a build whose SBOM is missing, stale or incomplete fails here.
 */
class SbomIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path STREAMS_TARGET = Path.of("target").toAbsolutePath();
    static final Path CONNECTORS_TARGET = Path.of("..", "connectors", "target").toAbsolutePath().normalize();
    static final Path SCHEMAS_TARGET = Path.of("..", "schemas", "target").toAbsolutePath().normalize();

    @BeforeEach
    void online() {
        // The plugin declares itself online-only, so Maven skips it under mvn -o: such a build has no SBOM to check.
        assumeFalse("offline=true".equals(System.getProperty("maven.offline")), "Maven ran offline: the CycloneDX plugin was skipped");
    }

    @Test
    void theDistributionsSbomListsExactlyTheJarsOfLib() throws Exception {
        JsonNode bom = read(STREAMS_TARGET.resolve("bom.json"));
        assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("streams-app");
        assertThat(bom.path("metadata").path("component").path("type").asText()).isEqualTo("application");

        Map<String, JsonNode> listed = byFileName(bom);
        Map<String, Path> shipped = jars(STREAMS_TARGET.resolve("lib"));
        assertThat(listed.keySet()).as("the SBOM's components, as lib/ file names").isEqualTo(shipped.keySet());
        shipped.forEach((name, jar) -> assertThat(sha256(listed.get(name))).as(name).isEqualTo(sha256(jar)));
    }

    @Test
    void theDistributionsSbomNamesTheVersionsThePomsChose() throws Exception {
        Map<String, String> versions = versions(read(STREAMS_TARGET.resolve("bom.json")));
        String kafka = System.getProperty("kafka.version", "4.4.0");
        String jackson = System.getProperty("jackson.version", "");
        assertThat(versions).containsEntry("org.apache.kafka:kafka-streams", kafka)
                .containsEntry("org.apache.kafka:kafka-clients", kafka)
                .containsEntry("com.devsecopsmetrics:schemas", System.getProperty("project.version", "0.1.0-SNAPSHOT"))
                .containsKeys("io.javalin:javalin", "ch.qos.logback:logback-classic", "org.apache.avro:avro");
        // The Jackson BOM aligns every module on one patch release (annotations have no patch number since 2.20).
        assertThat(versions.entrySet().stream().filter(e -> e.getKey().startsWith("com.fasterxml.jackson."))
                .filter(e -> !e.getKey().endsWith(":jackson-annotations")))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(jackson));
    }

    @Test
    void theConnectorsPluginCarriesItsSbom() throws Exception {
        Path plugin;
        try (Stream<Path> s = Files.list(CONNECTORS_TARGET.resolve("plugin"))) {
            plugin = s.filter(Files::isDirectory).findFirst().orElseThrow().resolve("devsecops-metrics-connectors");
        }
        JsonNode bom = read(plugin.resolve("bom.json"));
        assertThat(Files.readString(plugin.resolve("bom.json"))).isEqualTo(Files.readString(CONNECTORS_TARGET.resolve("bom.json")));
        assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("connectors");

        Map<String, JsonNode> listed = byFileName(bom);
        Map<String, Path> shipped = jars(plugin.resolve("lib"));
        shipped.keySet().removeIf(name -> name.startsWith("connectors-"));    // the plugin's own jar: the SBOM's subject
        assertThat(listed.keySet()).containsAll(shipped.keySet());
        shipped.forEach((name, jar) -> assertThat(sha256(listed.get(name))).as(name).isEqualTo(sha256(jar)));
        // Listed but not shipped: only what the assembly leaves to the worker (Kafka, SLF4J).
        assertThat(listed.entrySet().stream().filter(e -> !shipped.containsKey(e.getKey())))
                .allSatisfy(e -> assertThat(e.getValue().path("group").asText()).isIn("org.apache.kafka", "org.slf4j"));

        try (Stream<Path> s = Files.list(CONNECTORS_TARGET.resolve("plugin"))) {
            Path zip = s.filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
            try (ZipFile z = new ZipFile(zip.toFile())) {
                assertThat(z.getEntry("devsecops-metrics-connectors/bom.json")).as(zip + " holds the SBOM").isNotNull();
            }
        }
    }

    @Test
    void theSchemasJarHasItsSbom() throws Exception {
        Map<String, String> versions = versions(read(SCHEMAS_TARGET.resolve("bom.json")));
        assertThat(versions).containsKeys("org.apache.avro:avro", "com.fasterxml.jackson.core:jackson-databind");
    }

    static JsonNode read(Path bom) throws IOException {
        assertThat(bom).as("the CycloneDX SBOM (mvn package writes it)").isRegularFile();
        JsonNode node = JSON.readTree(bom.toFile());
        assertThat(node.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(node.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(node.path("components").size()).isPositive();
        return node;
    }

    /** Each component under the name maven-dependency-plugin and the assembly give its jar. */
    static Map<String, JsonNode> byFileName(JsonNode bom) {
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode c : bom.path("components")) {
            String classifier = qualifiers(c.path("purl").asText()).getOrDefault("classifier", "");
            String name = c.path("name").asText() + "-" + c.path("version").asText()
                    + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
            assertThat(byName.put(name, c)).as("listed once: " + name).isNull();
        }
        return byName;
    }

    static Map<String, String> versions(JsonNode bom) {
        Map<String, String> versions = new TreeMap<>();
        bom.path("components").forEach(c -> versions.put(c.path("group").asText() + ":" + c.path("name").asText(),
                c.path("version").asText()));
        return versions;
    }

    static Map<String, String> qualifiers(String purl) {
        int q = purl.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        return Stream.of(purl.substring(q + 1).split("&")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
    }

    static Map<String, Path> jars(Path lib) throws IOException {
        assertThat(lib).isDirectory();
        try (Stream<Path> s = Files.list(lib)) {
            return s.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> p, (a, b) -> a, TreeMap::new));
        }
    }

    static String sha256(JsonNode component) {
        for (JsonNode h : component.path("hashes")) {
            if ("SHA-256".equals(h.path("alg").asText())) {
                return h.path("content").asText();
            }
        }
        throw new AssertionError("no SHA-256 for " + component.path("purl").asText());
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(file.toString(), e);
        }
    }
}
