package com.devsecopsmetrics.connectors.sarif;

import com.devsecopsmetrics.connectors.connect.EventRecords;
import com.devsecopsmetrics.connectors.connect.MappingConfigDef;
import com.devsecopsmetrics.connectors.connect.Version;
import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.devsecopsmetrics.contract.ContractViolation;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One file at a time: convert it, hand its records to the worker, and move it to {@code finished.dir} once Kafka
 * has acknowledged every record ({@code commitRecord}). A crash before the move reads the file again on restart;
 * its events carry the same ids, so the app counts them once. An unreadable file goes to {@code error.dir} with
 * {@code <name>.error.txt} giving the reason; the others go on. Whatever goes wrong with one file (unreadable,
 * unconvertible, an event that breaks the contract, a bug a payload triggers) is that file's failure, never the
 * task's. A symbolic link is never followed: the link itself goes to {@code error.dir}. Reasons name the problem,
 * never a line of the file: a file that is not what it claims may hold anything.
 */
public class SarifDirectorySourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(SarifDirectorySourceTask.class);

    private Path input;
    private Path finished;
    private Path errors;
    private Pattern pattern;
    private long minAgeMs;
    private long pollIntervalMs;
    private long maxBytes;
    private String defaultService;
    private String scanType;
    private EventRecords events;
    private Converters converters;

    private Path inFlight;
    /** Files that could not even be moved to error.dir (permissions, another file system): skipped until a restart. */
    private final Set<Path> unmovable = new HashSet<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    @Override
    public void start(Map<String, String> props) {
        SarifDirectoryConfig c = new SarifDirectoryConfig(props);
        input = Path.of(c.getString(SarifDirectoryConfig.INPUT_DIR));
        finished = Path.of(c.getString(SarifDirectoryConfig.FINISHED_DIR));
        errors = Path.of(c.getString(SarifDirectoryConfig.ERROR_DIR));
        pattern = Pattern.compile(c.getString(SarifDirectoryConfig.FILE_PATTERN));
        minAgeMs = c.getLong(SarifDirectoryConfig.FILE_MIN_AGE_MS);
        pollIntervalMs = c.getLong(SarifDirectoryConfig.POLL_INTERVAL_MS);
        maxBytes = c.getLong(SarifDirectoryConfig.MAX_FILE_BYTES);
        defaultService = c.getString(SarifDirectoryConfig.SERVICE_ID);
        scanType = c.getString(SarifDirectoryConfig.SCAN_TYPE);
        events = EventRecords.of(c.values(), Clock.systemUTC());
        converters = new Converters(MappingConfigDef.mapping(c.values()));
        try {
            Files.createDirectories(input);
            Files.createDirectories(finished);
            Files.createDirectories(errors);
        } catch (IOException e) {
            throw new ConnectException("cannot create the SARIF folders: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (inFlight != null) {
            if (unacknowledged.get() > 0) {
                Thread.sleep(50);
                return null;
            }
            settle();
        }
        Optional<Path> next = nextFile();
        if (next.isEmpty()) {
            Thread.sleep(pollIntervalMs);
            return null;
        }
        return read(next.get());
    }

    private List<SourceRecord> read(Path file) {
        String relative = input.relativize(file).toString();
        if (Files.isSymbolicLink(file)) {
            reject(file, "is a symbolic link: links are not followed (move the file itself into " + SarifDirectoryConfig.INPUT_DIR + ")");
            return null;
        }
        Conversion conversion;
        List<SourceRecord> records = new ArrayList<>();
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.size() > maxBytes) {
                throw new UnreadablePayload("file of " + attributes.size() + " bytes exceeds " + SarifDirectoryConfig.MAX_FILE_BYTES + " = " + maxBytes);
            }
            SourceContext ctx = SourceContext.receivedAt(attributes.lastModifiedTime().toInstant()).withScanType(scanType.isBlank() ? null : scanType);
            Path parent = input.relativize(file).getParent();
            String service = parent != null ? parent.getFileName().toString() : defaultService.isBlank() ? null : defaultService;
            conversion = converters.convert(Converters.Source.SARIF, contentOf(file), ctx.withService(service));
            for (ContractEvent e : conversion.events()) {
                // no source offset: the move to finished.dir is this connector's progress marker
                records.add(events.record(e, null, null, new ConnectHeaders().addString("dsm.source", "sarif-file")
                        .addString("dsm.file", relative)));
            }
        } catch (UnreadablePayload | ContractViolation e) {
            reject(file, e.getMessage());
            return null;
        } catch (IOException e) {
            reject(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        } catch (RuntimeException e) { // the message may quote the file: its class and where it was thrown say enough
            StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
            log.error("SARIF {}: unexpected failure {} at {}", relative, e.getClass().getName(), at);
            reject(file, "cannot be converted (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        inFlight = file;
        dropped.set(0);
        unacknowledged.set(records.size());
        log.info("SARIF {}: {} scan results, {} findings", relative, conversion.ofKind("scan-results").size(), conversion.ofKind("findings").size());
        return records;
    }

    /** Moves the file whose records are all acknowledged to finished.dir, or to error.dir when the worker dropped some. */
    private void settle() {
        Path file = inFlight;
        inFlight = null;
        if (dropped.get() > 0) {
            reject(file, dropped.get() + " records were not written (filtered or dropped by the worker: see its log and dead-letter queue)");
            return;
        }
        try {
            Path target = finished.resolve(input.relativize(file));
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConnectException("cannot move " + file + " to " + finished + ": " + e.getMessage(), e);
        }
    }

    /** The file's bytes, refusing a symbolic link put in its place since it was listed (O_NOFOLLOW). */
    private static byte[] contentOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        }
    }

    /** Moves the file (a link itself, never its target) to error.dir next to its reason; the folder goes on either way. */
    private void reject(Path file, String reason) {
        log.warn("SARIF {} not converted: {}", file, reason);
        try {
            Path target = errors.resolve(input.relativize(file));
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            unmovable.add(file);
            log.error("SARIF {} cannot be moved to {} ({}): skipped until the task restarts", file, errors, e.getClass().getSimpleName());
        }
    }

    private Optional<Path> nextFile() {
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.walk(input, 2)) {
            // Files.walk follows no link; a link is taken as a candidate (to be refused) whatever its name,
            // since a link to a folder would otherwise pose as a service folder.
            return files.filter(p -> !p.equals(input) && !unmovable.contains(p))
                    .filter(p -> Files.isSymbolicLink(p)
                            || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && pattern.matcher(p.getFileName().toString()).matches())
                    .filter(p -> {
                        try {
                            return now - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() >= minAgeMs;
                        } catch (IOException e) {
                            return false; // gone meanwhile
                        }
                    })
                    .sorted().findFirst();
        } catch (IOException e) {
            throw new ConnectException("cannot list " + input + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (metadata == null) {
            dropped.incrementAndGet();
        }
        unacknowledged.decrementAndGet();
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return Version.get();
    }
}
