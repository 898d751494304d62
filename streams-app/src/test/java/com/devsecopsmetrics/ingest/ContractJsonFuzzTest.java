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

import java.io.StringReader;
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
    void boundedLinesReadsWhatReadLineReadsAndRefusesOverlongLines(@ForAll("texts") String text, @ForAll boolean crlf) throws Exception {
        BoundedLines lines = new BoundedLines(new StringReader(crlf ? text.replace("\n", "\r\n") : text), 20);
        List<String> got = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            got.add(line == BoundedLines.TOO_LONG ? "<too long>" : line);
        }
        List<String> expected = new ArrayList<>();
        java.io.BufferedReader reference = new java.io.BufferedReader(new StringReader(text));
        for (String line = reference.readLine(); line != null; line = reference.readLine()) {
            expected.add(line.length() > 20 ? "<too long>" : line);
        }
        assertThat(got).isEqualTo(expected);
    }

    /** The case the property once found: a line exactly at the bound, with a CRLF ending, is a line, not too long. */
    @Example
    void aLineAtTheBoundWithACrlfEndingIsALine() throws Exception {
        BoundedLines lines = new BoundedLines(new StringReader("a".repeat(20) + "\r\n" + "b".repeat(21) + "\r\nc"), 20);
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
        return Arbitraries.strings().withChars("ab\n").ofMaxLength(120);
    }
}
