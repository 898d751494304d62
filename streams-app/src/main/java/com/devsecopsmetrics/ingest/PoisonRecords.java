package com.devsecopsmetrics.ingest;

import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input records whose processing failed in a way no rule foresaw (a defect, not a bad event). The failure stops the
 * process, so its transaction is aborted and nothing of the record stays; the record is written here first, in a
 * file beside the state stores, so that the restart sends it to the dead-letter topic instead of failing on it
 * again (DESIGN §7: a restart never fails again on the record that caused it). The list is this instance's: another
 * instance that takes the task over meets the record once more, stops once more, and then sets it aside too. One line a record:
 * {@code topic TAB partition TAB offset TAB reason}.
 */
public final class PoisonRecords {
    private static final Logger log = LoggerFactory.getLogger(PoisonRecords.class);
    private static final Map<Path, PoisonRecords> BY_FILE = new ConcurrentHashMap<>();

    private final Path file;
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    private PoisonRecords(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.split("\t", 4);
                    if (parts.length == 4) {
                        reasons.put(key(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2])), parts[3]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                log.warn("cannot read the poison-record list {}: {}", file, e.toString());
            }
        }
    }

    /** The list of the application whose Kafka Streams settings these are (one per state dir and application id). */
    public static PoisonRecords of(Map<String, ?> streamsConfigs) {
        Path dir = Path.of(String.valueOf(streamsConfigs.get(StreamsConfig.STATE_DIR_CONFIG)));
        // In the application's own state folder, beside Kafka Streams' task folders: bin/dsm reset removes it with them.
        Path file = dir.resolve(String.valueOf(streamsConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG))).resolve("poison-records").toAbsolutePath();
        return BY_FILE.computeIfAbsent(file, PoisonRecords::new);
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    /** Why the record failed before, or null if it did not. */
    public String reasonFor(String topic, int partition, long offset) {
        return reasons.get(key(topic, partition, offset));
    }

    /** Remembers the record, on disk before this returns: the process is about to stop. */
    public synchronized void add(String topic, int partition, long offset, Throwable cause) {
        String reason = oneLine(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        reasons.put(key(topic, partition, offset), reason);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, topic + "\t" + partition + "\t" + offset + "\t" + reason + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record poison record " + key(topic, partition, offset) + " in " + file, e);
        }
    }

    private static String key(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("[\\p{Cntrl}]", " ");
        return flat.length() <= 500 ? flat : flat.substring(0, 497) + "...";
    }
}
