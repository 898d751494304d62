package com.devsecopsmetrics.connectors.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.AvroRuntimeException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The converters behind one entry point, shared by the webhook connector, the SARIF directory connector and
 * {@code bin/dsm convert}. One instance keeps one {@link ReleaseTracker}, so pushes and deployments fed through it
 * (in any order) link up.
 */
public final class Converters {
    public enum Source {
        GITHUB, GITLAB, PAGERDUTY, SARIF;

        public static Optional<Source> parse(String name) {
            return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name.trim())).findFirst();
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final GitHubConverter github;
    private final GitLabConverter gitlab;
    private final PagerDutyConverter pagerduty;
    private final SarifConverter sarif;
    private final ReleaseTracker releases;

    public Converters(MappingConfig mapping, ReleaseTracker releases) {
        this.releases = releases;
        this.github = new GitHubConverter(mapping, releases);
        this.gitlab = new GitLabConverter(mapping, releases);
        this.pagerduty = new PagerDutyConverter(mapping, releases);
        this.sarif = new SarifConverter(mapping);
    }

    public Converters(MappingConfig mapping) {
        this(mapping, new ReleaseTracker());
    }

    /**
     * Converts one payload; throws {@link UnreadablePayload} (or {@link MalformedPayload}, not JSON) with the reason
     * when it cannot be read at all. Nothing else escapes: whatever a payload makes a converter throw is that payload's
     * problem (a webhook answers 422, a SARIF file goes to the error folder), never the caller's.
     */
    public Conversion convert(Source source, byte[] body, SourceContext ctx) {
        JsonNode payload = Payloads.parse(body);
        try {
            return switch (source) {
                case GITHUB -> github.convert(ctx.eventType().orElse(null), payload, ctx);
                case GITLAB -> gitlab.convert(payload, ctx);
                case PAGERDUTY -> pagerduty.convert(payload, ctx);
                case SARIF -> sarif.convert(payload, ctx);
            };
        } catch (UnreadablePayload e) {
            throw e;
        } catch (AvroRuntimeException e) {
            // a payload shape no mapping foresaw: a required contract field left empty
            throw new UnreadablePayload("cannot convert this " + source.id() + " payload: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A shape no converter foresaw (a number where text was expected, a value out of a type's range). The class
            // names the problem; the message is left out, as it may quote the payload.
            throw new UnreadablePayload("cannot convert this " + source.id() + " payload (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    public ReleaseTracker releases() {
        return releases;
    }
}
