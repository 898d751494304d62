package com.devsecopsmetrics.connectors.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The timestamp spellings the tools send, each to its UTC instant: ISO-8601 with an offset or {@code Z}
 * ({@code 2011-12-12T14:27:31+02:00}), GitLab's {@code 2016-08-12 15:23:28 UTC} and
 * {@code 2021-04-28 21:50:00 +0200}, and GitHub's epoch seconds ({@code pushed_at}). A time without any
 * zone is not guessed at: it is rejected, and so is one outside the years Java's {@link Instant} holds. Messages
 * describe the problem without echoing the text (it may come from a file that is not what it claims to be).
 */
public final class SourceTimestamps {
    private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral(' ')
            .appendOffset("+HHmm", "UTC")
            .toFormatter();
    private static final DateTimeFormatter SPACED_ZONE_NAME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral(' ')
            .appendZoneId()
            .toFormatter();
    private static final List<DateTimeFormatter> OFFSET_FORMATS = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME, SPACED);
    /** Epoch numbers below this are seconds (year 5138 in seconds), above it milliseconds. */
    private static final long SECONDS_LIMIT = 100_000_000_000L;

    private SourceTimestamps() {
    }

    public static Instant parse(String text) {
        try {
            return inRecordRange(parseAny(text.trim()));
        } catch (DateTimeException e) { // parsed, but beyond Instant's range (year +999999999)
            throw new UnreadablePayload("timestamp out of range");
        }
    }

    /** Events carry their times as epoch milliseconds: a time beyond them (about year 292 million) is refused here, with its field's name. */
    private static Instant inRecordRange(Instant t) {
        try {
            t.toEpochMilli();
            return t;
        } catch (ArithmeticException e) {
            throw new UnreadablePayload("timestamp out of range");
        }
    }

    private static Instant parseAny(String s) {
        for (DateTimeFormatter f : OFFSET_FORMATS) {
            try {
                return OffsetDateTime.parse(s, f).toInstant();
            } catch (DateTimeParseException ignored) {
                // next spelling
            }
        }
        try {
            return ZonedDateTime.parse(s, SPACED_ZONE_NAME).toInstant();
        } catch (DateTimeParseException ignored) {
            // next spelling
        }
        if (s.matches("\\d{9,13}")) {
            return epoch(Long.parseLong(s));
        }
        try {
            LocalDateTime.parse(s.replace(' ', 'T'));
            throw new UnreadablePayload("timestamp has no time zone or offset");
        } catch (DateTimeParseException e) {
            throw new UnreadablePayload("not a timestamp (expected e.g. 2011-12-12T14:27:31+02:00, "
                    + "2016-08-12 15:23:28 UTC or 2021-04-28 21:50:00 +0200)");
        }
    }

    /** A JSON timestamp: a string in any spelling above, or epoch seconds/milliseconds. Absent or null gives empty. */
    public static Optional<Instant> of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || (node.isTextual() && node.textValue().isBlank())) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return Optional.of(epoch(node.longValue()));
        }
        if (node.isTextual()) {
            return Optional.of(parse(node.textValue()));
        }
        throw new UnreadablePayload("not a timestamp (a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
    }

    private static Instant epoch(long value) {
        try {
            return value < SECONDS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        } catch (DateTimeException e) {
            throw new UnreadablePayload("timestamp out of range");
        }
    }

    /** For messages: the instant in ISO-8601 UTC. */
    static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.atOffset(ZoneOffset.UTC));
    }
}
