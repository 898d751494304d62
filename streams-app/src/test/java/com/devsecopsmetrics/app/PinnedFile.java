package com.devsecopsmetrics.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;

/**
 * A file committed under {@code streams-app/src/test/resources/pinned/} that a pinning test compares what the
 * application does now with. Run with {@code -Dpinned.update=true} to rewrite the file from what it does now
 * (then review the diff and commit it); without it, a difference fails, and what was found is written beside the
 * build output ({@code target/pinned-actual/}) for a diff.
 */
final class PinnedFile {
    static final String UPDATE_PROPERTY = "pinned.update";
    /** Relative to the module folder, which Surefire runs the tests in. */
    private static final Path DIR = Path.of("src", "test", "resources", "pinned");
    private static final Path ACTUAL_DIR = Path.of("target", "pinned-actual");

    private final String name;

    PinnedFile(String name) {
        this.name = name;
    }

    static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    Path path() {
        return DIR.resolve(name);
    }

    /** The committed lines, or empty when the file does not exist yet. */
    Optional<List<String>> expected() {
        Path file = path();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the committed file (with {@code -Dpinned.update=true}). */
    void write(List<String> lines) {
        write(path(), lines);
    }

    /** Writes what was found next to the build output and returns where. */
    Path writeActual(List<String> lines) {
        Path file = ACTUAL_DIR.resolve(name);
        write(file, lines);
        return file.toAbsolutePath();
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares {@code actual} with the committed file line by line, or rewrites the file when updating.
     *
     * @param consequence what a difference means, said in the failure message
     */
    void check(List<String> actual, String consequence) {
        if (updating()) {
            write(actual);
            return;
        }
        List<String> expected = expected().orElse(null);
        if (expected == null) {
            fail("no pinned file " + path().toAbsolutePath() + "; create it deliberately with -D" + UPDATE_PROPERTY + "=true");
        }
        if (expected.equals(actual)) {
            return;
        }
        fail(difference(expected, actual, consequence));
    }

    /** A failure message: the first line that differs, where the whole of what was found is, and how to re-pin. */
    String difference(List<String> expected, List<String> actual, String consequence) {
        Path found = writeActual(actual);
        int line = 0;
        while (line < expected.size() && line < actual.size() && expected.get(line).equals(actual.get(line))) {
            line++;
        }
        return "The pinned " + name + " differs from what the application does now.\n"
                + consequence + "\n"
                + "First difference at line " + (line + 1) + " (" + expected.size() + " lines pinned, " + actual.size() + " found):\n"
                + "  pinned: " + (line < expected.size() ? expected.get(line) : "<end of file>") + "\n"
                + "  found:  " + (line < actual.size() ? actual.get(line) : "<end of output>") + "\n"
                + "What was found is in " + found + " (diff it with " + path() + ").\n"
                + "If the change is deliberate, re-pin: run the test with -D" + UPDATE_PROPERTY + "=true, review the diff of "
                + path() + " and commit it with the change.";
    }
}
