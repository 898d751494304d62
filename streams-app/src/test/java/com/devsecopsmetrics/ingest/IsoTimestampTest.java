package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractViolation;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast timestamp path accepts, values and refuses exactly as the formatter it replaced. */
class IsoTimestampTest {
    private static final List<String> SAMPLES = List.of(
            "2026-03-01T12:00:00Z", "2026-03-01T12:00:00+02:00", "2026-03-01T12:00:00-05:30", "2026-03-01T12:00:00-00:00",
            "2026-03-01T12:00:00.5Z", "2026-03-01T12:00:00.123Z", "2026-03-01T12:00:00.123456789+01:00",
            "2026-03-01T12:00:00.1234567891Z", "2026-03-01T12:00:00.Z", "2026-03-01T12:00Z", "2026-03-01t12:00:00z",
            "2026-03-01T12:00:00+18:00", "2026-03-01T12:00:00+18:30", "2026-03-01T12:00:00+19:00", "2026-03-01T12:00:00+02:00:30",
            "2026-03-01T12:00:00+0200", "2026-03-01T12:00:00+02", "2026-03-01T12:00:00", "2026-03-01 12:00:00Z",
            "2026-02-29T12:00:00Z", "2024-02-29T12:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
            "2026-03-01T24:00:00Z", "2026-03-01T23:59:60Z", "2026-03-01T23:60:00Z", "0000-01-01T00:00:00Z", "+12026-03-01T12:00:00Z",
            "20260-03-01T12:00:00Z", "2026-3-01T12:00:00Z", "2026-03-01T12:00:00ZZ", "2026-03-01T12:00:00+02:0x", "2026-03-0xT12:00:00Z",
            "", "not a time", "2026-03-01T12:00:00\u0660Z", "2026-03-01T12:00:00.12a4Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z");

    @Test
    void everySampleGivesTheFormattersInstantOrItsError() {
        SAMPLES.forEach(IsoTimestampTest::assertSameAsFormatter);
    }

    @Test
    void randomTimestampsInTheCommonShapeAndNearItAgree() {
        Random random = new Random(20);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String fraction = random.nextInt(3) == 0 ? "" : "." + "123456789012".substring(0, random.nextInt(12));
            String offset = switch (random.nextInt(4)) {
                case 0 -> "Z";
                case 1 -> String.format("+%02d:%02d", random.nextInt(20), random.nextInt(62));
                case 2 -> String.format("-%02d:%02d", random.nextInt(20), random.nextInt(62));
                default -> "z";
            };
            texts.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(3000), random.nextInt(14), random.nextInt(33),
                    random.nextInt(26), random.nextInt(62), random.nextInt(62), fraction, offset));
        }
        texts.forEach(IsoTimestampTest::assertSameAsFormatter);
    }

    @Test
    void theContractKeepsItsMessageForABadTimestampAndTakesEpochMillis() {
        String commit = "{\"service_id\": \"web\", \"repo\": \"acme/web\", \"commit_id\": \"abc\", \"committed_at\": %s}";
        for (String bad : List.of("2026-02-30T00:00:00Z", "2026-03-01T12:00:00", "2026-03-01T12:00:00+19:00", "yesterday")) {
            assertThatThrownBy(() -> ContractJson.fromJson(EventKind.COMMITS, String.format(commit, "\"" + bad + "\"")))
                    .isInstanceOf(ContractViolation.class)
                    .hasMessage("field 'committed_at': '" + bad + "' is not an ISO-8601 timestamp with offset (e.g. 2026-03-01T12:00:00Z)");
        }
        assertThat(committedAt(ContractJson.fromJson(EventKind.COMMITS, String.format(commit, "\"2026-03-01T14:00:00.250+02:00\""))))
                .isEqualTo(Instant.parse("2026-03-01T12:00:00.250Z"));
        assertThat(committedAt(ContractJson.fromJson(EventKind.COMMITS, String.format(commit, "1772366400000"))))
                .isEqualTo(Instant.ofEpochMilli(1772366400000L));
    }

    private static Object committedAt(SpecificRecord commit) {
        return commit.get(commit.getSchema().getField("committed_at").pos());
    }

    private static void assertSameAsFormatter(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> IsoTimestamp.parse(text)).as(text).isInstanceOf(DateTimeParseException.class).hasMessage(e.getMessage());
            return;
        }
        assertThat(IsoTimestamp.parse(text)).as(text).isEqualTo(expected);
    }
}
