package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing {@code bin/dsm load}'s line reader and JSON parser: whatever a line holds, the answer is an event that keeps
 * the contract's rules or a {@link ContractViolation} with a reason; no other exception escapes.
 */
class ContractJsonFuzzTest {
    private static final String DEPLOYMENT = "{\"deployment_id\":\"d1\",\"service_id\":\"pay\",\"environment\":\"production\","
            + "\"status\":\"SUCCEEDED\",\"deployed_at\":\"2026-03-01T12:00:00Z\",\"commit_ids\":[\"c1\"],\"is_hotfix\":false,"
            + "\"security_gate\":\"PASSED\",\"evidence\":[\"SBOM\"],\"pipeline_minutes\":30,\"security_wait_minutes\":5}";
    private static final long NOW = java.time.Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

    @Property(tries = 2000)
    void anyLineIsAnEventWithinTheRulesOrAReason(@ForAll("lines") String line, @ForAll EventKind kind) {
        try {
            SpecificRecord event = ContractJson.fromJson(kind, line, ContractRules.defaults(), NOW);
            ContractRules.defaults().check(event, NOW); // what was accepted keeps the rules
        } catch (ContractViolation e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void boundedLinesReadsTheLinesAReaderDecodesAndRefusesOverlongLines(@ForAll("texts") String text, @ForAll boolean crlf) throws Exception {
        byte[] bytes = (crlf ? text.replace("\n", "\r\n") : text).getBytes(StandardCharsets.UTF_8);
        assertThat(lines(bytes, 20)).isEqualTo(linesThroughAReader(bytes, 20));
    }

    /** Bytes that are not UTF-8 decode as a {@code Reader} decodes them, a line split where a buffer of the reader ends too. */
    @Property(tries = 500)
    void boundedLinesDecodesAnyBytesAsAReaderDoes(@ForAll("bytes") byte[] bytes) throws Exception {
        assertThat(lines(bytes, 20)).isEqualTo(linesThroughAReader(bytes, 20));
    }

    @Example
    void aLongFileOfLinesAcrossManyBuffersIsReadWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("{\"n\":").append(i).append(",\"text\":\"é€😀").append("x".repeat(i % 97)).append("\"}\r\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(lines(bytes, 200)).hasSize(20_000).isEqualTo(linesThroughAReader(bytes, 200));
    }

    private static List<String> lines(byte[] bytes, int max) throws java.io.IOException {
        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(bytes), max);
        List<String> got = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            got.add(line == BoundedLines.TOO_LONG ? "<too long>" : line);
        }
        return got;
    }

    /** The reference: the whole text through a UTF-8 {@code Reader}, split at each \n, one trailing \r dropped. */
    private static List<String> linesThroughAReader(byte[] bytes, int max) throws java.io.IOException {
        String text;
        try (java.io.Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[7];
            for (int n = reader.read(buffer); n > 0; n = reader.read(buffer)) {
                all.append(buffer, 0, n);
            }
            text = all.toString();
        }
        List<String> expected = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = text.substring(start, end < 0 ? text.length() : end);
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            expected.add(line.length() > max ? "<too long>" : line);
            start = end < 0 ? text.length() : end + 1;
        }
        return expected;
    }

    /** The case the property once found: a line exactly at the bound, with a CRLF ending, is a line, not too long. */
    @Example
    void aLineAtTheBoundWithACrlfEndingIsALine() throws Exception {
        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(("a".repeat(20) + "\r\n" + "b".repeat(21) + "\r\nc").getBytes(StandardCharsets.UTF_8)), 20);
        assertThat(lines.next()).isEqualTo("a".repeat(20));
        assertThat(lines.next()).isSameAs(BoundedLines.TOO_LONG);
        assertThat(lines.next()).isEqualTo("c");
        assertThat(lines.next()).isNull();
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, DEPLOYMENT.length() - 1),
                        Arbitraries.integers().between(0, 12), Arbitraries.strings().ofMaxLength(12))
                .as((at, cut, insert) -> DEPLOYMENT.substring(0, at) + insert + DEPLOYMENT.substring(Math.min(DEPLOYMENT.length(), at + cut)));
        Arbitrary<String> fieldValues = Arbitraries.of("\"\"", "null", "-1", "9223372036854775807", "\"+999999999-12-31T00:00:00Z\"",
                        "\"-0001-01-01T00:00:00Z\"", "[]", "{}", "\"\\u001f\"", "1e400", "\"" + "x".repeat(5000) + "\"", "true", "[null]")
                .map(v -> DEPLOYMENT.replace("\"pay\"", v).replace("30,", v + ","));
        return Arbitraries.oneOf(mutated, fieldValues, Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab\n\ré€\uD83D\uDE00").ofMaxLength(120);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }
}
