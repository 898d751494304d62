package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The shared fixtures (../shared/fixtures), the payloads written for the tests, and one-line summaries of events. */
final class Fixtures {
    /** The receive time converters fall back to when a payload carries no time. */
    static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    static Path dir(String name) {
        return Path.of(System.getProperty("fixtures.dir", "src/test/fixtures")).resolve(name);
    }

    static byte[] shared(String dir, String file) {
        try {
            return Files.readAllBytes(dir(dir).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> files(String dir) {
        try (Stream<Path> s = Files.list(dir(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] payload(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/payloads/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceContext ctx() {
        return SourceContext.receivedAt(RECEIVED);
    }

    /** One line per event, with the fields the tests check; the expected lines are written by hand from the payloads. */
    static String summary(ContractEvent e) {
        if (e.value() instanceof Commit c) {
            return "commit " + c.getCommitId() + " service=" + c.getServiceId() + " repo=" + c.getRepo() + " author=" + c.getAuthor()
                    + " at=" + c.getCommittedAt();
        } else if (e.value() instanceof Deployment d) {
            return "deployment " + d.getDeploymentId() + " service=" + d.getServiceId() + " env=" + d.getEnvironment() + " " + d.getStatus()
                    + " at=" + d.getDeployedAt() + " commits=" + d.getCommitIds() + " gate=" + d.getSecurityGate();
        } else if (e.value() instanceof Incident i) {
            return "incident " + i.getIncidentId() + " service=" + i.getServiceId() + " " + i.getStatus() + " at=" + i.getOccurredAt()
                    + " opened=" + i.getOpenedAt() + " kind=" + i.getKind() + " security=" + i.getSecurityRelated()
                    + " cause=" + i.getCausedByDeploymentId();
        } else if (e.value() instanceof Finding f) {
            return "finding " + f.getFindingId() + " service=" + f.getServiceId() + " " + f.getStatus() + " " + f.getSeverity() + " "
                    + f.getExploitability() + " " + f.getCategory() + " " + f.getDefectClass() + " new=" + f.getInNewCode()
                    + " at=" + f.getOccurredAt() + " scanner=" + f.getScanner();
        } else if (e.value() instanceof ScanResult s) {
            return "scan " + s.getScanId() + " service=" + s.getServiceId() + " repo=" + s.getRepo() + " " + s.getScanner() + " "
                    + s.getScanType() + " " + s.getOutcome() + " at=" + s.getCompletedAt() + " commit=" + s.getCommitId()
                    + " c/h/m/l=" + s.getCritical() + "/" + s.getHigh() + "/" + s.getMedium() + "/" + s.getLow()
                    + " ids=" + (s.getFindingIds() == null ? "null" : s.getFindingIds().size());
        }
        throw new IllegalArgumentException(e.kind());
    }

    static List<String> summaries(Conversion c) {
        return c.events().stream().map(Fixtures::summary).toList();
    }
}
