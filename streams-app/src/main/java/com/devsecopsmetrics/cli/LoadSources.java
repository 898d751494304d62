package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.ingest.EventKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code dsm load} reads, named on its command line: files, standard input, or a directory laid out as
 * {@code dsm generate --out} writes one ({@code services.jsonl}, {@code commits.jsonl}, ...). A file named after a
 * kind holds plain events of that kind, so one load (one JVM, one producer) takes a whole organisation without
 * {@code --topic}; a directory yields its kind files in the contract's order, the catalogue first.
 */
final class LoadSources {
    static final String STDIN = "-";
    private static final String SUFFIX = ".jsonl";

    /** One input: its path, and the kind of its plain lines when its name says it (null when it does not). */
    record Source(Path path, EventKind namedKind) {
        boolean isStdin() {
            return path.toString().equals(STDIN);
        }

        String displayName() {
            return isStdin() ? "standard input" : path.toString();
        }
    }

    private LoadSources() {
    }

    /**
     * The sources in command-line order, each directory replaced by its kind files. A directory with none of them is
     * an error: nothing in it would be loaded, which is never what was meant.
     */
    static List<Source> expand(List<Path> arguments) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (Path argument : arguments) {
            if (!argument.toString().equals(STDIN) && Files.isDirectory(argument)) {
                int before = sources.size();
                for (EventKind kind : EventKind.values()) {
                    Path file = argument.resolve(kind.kind() + SUFFIX);
                    if (Files.isRegularFile(file)) {
                        sources.add(new Source(file, kind));
                    }
                }
                if (sources.size() == before) {
                    throw new IOException(argument + " is a directory without any of " + kindFileNames()
                            + " (the files dsm generate --out writes)");
                }
            } else {
                sources.add(new Source(argument, namedKind(argument)));
            }
        }
        return sources;
    }

    /** {@code commits.jsonl} or {@code devsecops.commits.jsonl} names the commits kind; any other name, none. */
    static EventKind namedKind(Path file) {
        Path name = file.getFileName();
        if (name == null || !name.toString().endsWith(SUFFIX)) {
            return null;
        }
        String base = name.toString().substring(0, name.toString().length() - SUFFIX.length());
        return EventKind.parse(base).orElse(null);
    }

    private static String kindFileNames() {
        return String.join(", ", Arrays.stream(EventKind.values()).map(k -> k.kind() + SUFFIX).toList());
    }
}
