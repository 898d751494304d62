package com.devsecopsmetrics.ingest;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Every Avro schema a release has written to a state store or changelog, by fingerprint: the history committed
 * under {@code schema-history/} of the schemas module. A stored value names its writer schema by fingerprint
 * (Avro's single-object encoding), so a later build, whose compiled schema has gained an optional field, finds
 * the schema the value was written with here and resolves it against its own.
 *
 * <p>It also holds the catalogue's {@code Service} schemas: that store keeps registry-framed values, whose schema id
 * a real registry resolves for ever, but the in-process registry of the embedded default knows only what its process
 * preloads, which is this history.
 */
public final class ReleasedSchemas implements SchemaStore {
    static final String INDEX = "schema-history/index.txt";
    private static final ReleasedSchemas COMMITTED = load();

    private final Map<Long, Schema> byFingerprint;

    private ReleasedSchemas(Map<Long, Schema> byFingerprint) {
        this.byFingerprint = byFingerprint;
    }

    /** The history committed with this build. */
    public static ReleasedSchemas committed() {
        return COMMITTED;
    }

    /** This history and one more schema: what a later release's history holds. */
    public ReleasedSchemas with(Schema schema) {
        Map<Long, Schema> more = new HashMap<>(byFingerprint);
        more.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        return new ReleasedSchemas(more);
    }

    /** Every schema of the history, to preload an in-process registry with (see EventSerdes). */
    public Schema[] all() {
        return byFingerprint.values().toArray(Schema[]::new);
    }

    public boolean knows(Schema schema) {
        return byFingerprint.containsKey(SchemaNormalization.parsingFingerprint64(schema));
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The file that holds a schema in the history, relative to the history's folder. */
    public static String fileOf(Schema schema) {
        return schema.getName() + "/" + String.format("%016x", SchemaNormalization.parsingFingerprint64(schema)) + ".avsc";
    }

    private static ReleasedSchemas load() {
        Map<Long, Schema> schemas = new HashMap<>();
        try (BufferedReader index = reader(INDEX)) {
            for (String line = index.readLine(); line != null; line = index.readLine()) {
                String file = line.strip();
                if (file.isEmpty() || file.startsWith("#")) {
                    continue;
                }
                Schema schema;
                try (InputStream in = resource("schema-history/" + file)) {
                    // A parser per file: two versions of one record share its full name, which one parser refuses.
                    schema = new Schema.Parser().parse(in);
                }
                if (!fileOf(schema).equals(file)) {
                    throw new IllegalStateException("schema history file " + file + " holds " + fileOf(schema) + ": a file's name is its schema's fingerprint");
                }
                schemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema history " + INDEX, e);
        }
        return new ReleasedSchemas(Map.copyOf(schemas));
    }

    private static BufferedReader reader(String path) throws IOException {
        return new BufferedReader(new InputStreamReader(resource(path), StandardCharsets.UTF_8));
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("no resource " + path + " on the class path");
        }
        return in;
    }
}
