package com.devsecopsmetrics.connectors.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The resume file: per scope ({@code github:owner/repo}), the newest payload (time and key) whose events were all
 * written. Saved by writing a temporary file and moving it over the old one, so an interruption leaves either the
 * old or the new checkpoint, never half of one.
 */
public final class Checkpoint {
    static final long MAX_FILE_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Cursor(Instant at, String key) {
    }

    private final Path file;
    private final ObjectNode scopes;

    private Checkpoint(Path file, ObjectNode scopes) {
        this.file = file;
        this.scopes = scopes;
    }

    /** Reads {@code file}, or starts an empty checkpoint when it does not exist; null {@code file} keeps none. */
    public static Checkpoint open(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return new Checkpoint(file, MAPPER.createObjectNode());
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("checkpoint " + file + " is larger than " + MAX_FILE_BYTES + " bytes: not a checkpoint of this import");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " is not JSON; remove it to import from the start", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("checkpoint " + file + " is not a JSON object; remove it to import from the start");
        }
        return new Checkpoint(file, (ObjectNode) root);
    }

    public Optional<Cursor> cursor(String scope) {
        JsonNode c = scopes.path(scope);
        if (!c.path("at").isTextual() || !c.path("key").isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Cursor(Instant.parse(c.path("at").asText()), c.path("key").asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public void advance(String scope, Cursor cursor) throws IOException {
        ObjectNode c = scopes.putObject(scope);
        c.put("at", cursor.at().toString());
        c.put("key", cursor.key());
        save();
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(scopes));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
