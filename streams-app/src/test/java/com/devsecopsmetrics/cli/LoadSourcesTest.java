package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.ingest.EventKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code dsm load} reads from its arguments: kind-named files, directories as {@code dsm generate} writes them. */
class LoadSourcesTest {
    @TempDir
    Path dir;

    @Test
    void aFileNamedAfterAKindNamesItsPlainLinesKind() {
        assertThat(LoadSources.namedKind(Path.of("/data/commits.jsonl"))).isEqualTo(EventKind.COMMITS);
        assertThat(LoadSources.namedKind(Path.of("devsecops.scan-results.jsonl"))).isEqualTo(EventKind.SCAN_RESULTS);
        assertThat(LoadSources.namedKind(Path.of("commits.json"))).isNull();
        assertThat(LoadSources.namedKind(Path.of("github.jsonl"))).isNull();
        assertThat(LoadSources.namedKind(Path.of("-"))).isNull();
    }

    @Test
    void aDirectoryYieldsItsKindFilesCatalogueFirstAndNothingElse() throws IOException {
        for (String name : List.of("findings.jsonl", "commits.jsonl", "services.jsonl", "notes.jsonl", "deployments.txt")) {
            Files.writeString(dir.resolve(name), "");
        }
        Path extra = dir.resolve("github.jsonl");

        List<LoadSources.Source> sources = LoadSources.expand(List.of(extra, dir, Path.of("-")));

        assertThat(sources).extracting(s -> s.path().getFileName().toString())
                .containsExactly("github.jsonl", "services.jsonl", "commits.jsonl", "findings.jsonl", "-");
        assertThat(sources).extracting(LoadSources.Source::namedKind)
                .containsExactly(null, EventKind.SERVICES, EventKind.COMMITS, EventKind.FINDINGS, null);
        assertThat(sources.get(4).isStdin()).isTrue();
        assertThat(sources.get(4).displayName()).isEqualTo("standard input");
    }

    @Test
    void aDirectoryWithoutKindFilesIsRefusedBeforeAnythingIsSent() throws IOException {
        Files.writeString(dir.resolve("events.jsonl"), "{}");

        assertThatThrownBy(() -> LoadSources.expand(List.of(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is a directory without any of services.jsonl, commits.jsonl");
    }
}
