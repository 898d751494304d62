package com.devsecopsmetrics.connectors.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The resume file: survives a reopen, leaves no temporary file behind, and refuses what is not a checkpoint. */
class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aCursorSurvivesAReopenAndNoTemporaryFileIsLeft() throws IOException {
        Path file = dir.resolve("import.checkpoint");
        Checkpoint first = Checkpoint.open(file);
        assertThat(first.cursor("github:a/b")).isEmpty();
        first.advance("github:a/b", new Checkpoint.Cursor(Instant.parse("2026-01-02T03:04:05Z"), "push:abc"));
        first.advance("gitlab:g/p", new Checkpoint.Cursor(Instant.parse("2026-02-02T00:00:00Z"), "deployment:9"));

        Checkpoint reopened = Checkpoint.open(file);
        assertThat(reopened.cursor("github:a/b")).contains(new Checkpoint.Cursor(Instant.parse("2026-01-02T03:04:05Z"), "push:abc"));
        assertThat(reopened.cursor("gitlab:g/p")).isPresent();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFileThatIsNotACheckpointIsRefusedWithWhatToDo() throws IOException {
        Path file = Files.writeString(dir.resolve("x.checkpoint"), "not json {");
        assertThatThrownBy(() -> Checkpoint.open(file)).isInstanceOf(IOException.class).hasMessageContaining("remove it to import from the start");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> Checkpoint.open(file)).hasMessageContaining("not a JSON object");
    }

    @Test
    void theCursorOrdersByTimeThenKey() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        TimedPayload p = new TimedPayload(t, "push:b", null, null, null);
        assertThat(p.notAfter(t, "push:b")).isTrue();
        assertThat(p.notAfter(t, "push:a")).isFalse();
        assertThat(p.notAfter(t.minusSeconds(1), "zzz")).isFalse();
        assertThat(p.notAfter(t.plusSeconds(1), "a")).isTrue();
    }
}
