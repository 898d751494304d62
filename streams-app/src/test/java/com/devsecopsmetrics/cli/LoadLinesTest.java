package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.JsonlLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lines {@code dsm load} accepts: plain events of {@code --topic}, and {@code dsm convert}'s envelopes. */
class LoadLinesTest {
    private static final String COMMIT = "{\"service_id\": \"web\", \"repo\": \"acme/web\", \"commit_id\": \"abc123\","
            + " \"committed_at\": \"2026-01-02T03:04:05Z\"}";

    private static LoadLines lines(EventKind topic, Set<EventKind> unavailable) {
        return new LoadLines(topic, ContractRules.defaults(), unavailable);
    }

    private static String envelope(String kind, String value) {
        return "{\"kind\": \"" + kind + "\", \"value\": " + value + "}";
    }

    @Test
    void anEnvelopeNamesItsKindAndAPlainLineTakesTheTopics() {
        assertThat(lines(null, Set.of()).parse(envelope("commits", COMMIT)).kind()).isEqualTo(EventKind.COMMITS);
        assertThat(lines(EventKind.COMMITS, Set.of()).parse(envelope("commits", COMMIT)).kind()).isEqualTo(EventKind.COMMITS);
        assertThat(lines(EventKind.COMMITS, Set.of()).parse(COMMIT).event().toString()).contains("abc123");
    }

    @Test
    void everyBadLineIsRefusedWithItsReason() {
        LoadLines any = lines(null, Set.of());
        assertThatThrownBy(() -> any.parse(COMMIT)).isInstanceOf(ContractViolation.class).hasMessageContaining("needs --topic KIND");
        assertThatThrownBy(() -> lines(EventKind.FINDINGS, Set.of()).parse(envelope("commits", COMMIT)))
                .hasMessage("kind 'commits' does not match --topic findings");
        assertThatThrownBy(() -> any.parse(envelope("builds", COMMIT))).hasMessageStartingWith("unknown kind 'builds'; expected one of");
        assertThatThrownBy(() -> any.parse(envelope("x".repeat(1000), COMMIT))).hasMessageContaining("x".repeat(64) + "...'");
        assertThatThrownBy(() -> any.parse("{\"kind\": 3, \"value\": " + COMMIT + "}")).hasMessageContaining("'kind' as a string");
        assertThatThrownBy(() -> any.parse(envelope("commits", "[1]"))).hasMessageContaining("'value' must be a JSON object");
        assertThatThrownBy(() -> any.parse("{\"kind\": \"commits\", \"value\": " + COMMIT + ", \"extra\": 1}"))
                .hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> any.parse(envelope("commits", COMMIT.replace("abc123\"", "abc123\", \"kind\": \"x\""))))
                .hasMessageContaining("unknown field 'kind' for kind commits");
        assertThatThrownBy(() -> any.parse("{\"kind\": ")).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> any.parse("[]")).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> lines(null, EnumSet.of(EventKind.COMMITS)).parse(envelope("commits", COMMIT)))
                .hasMessageContaining("topic devsecops.commits does not exist");
    }

    @Test
    void aStreamOfMixedLinesSendsTheGoodOnesAndNumbersTheRest() throws Exception {
        String input = String.join("\n", envelope("commits", COMMIT), "", COMMIT, "x".repeat(JsonlLoader.MAX_LINE_CHARS + 1),
                envelope("commits", COMMIT)) + "\n";
        List<EventKind> sent = new ArrayList<>();
        JsonlLoader.Result result = JsonlLoader.read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                lines(null, Set.of()), (kind, event) -> sent.add(kind));
        assertThat(sent).containsExactly(EventKind.COMMITS, EventKind.COMMITS);
        assertThat(result.rejections()).extracting(JsonlLoader.Rejection::line).containsExactly(3L, 4L);
        assertThat(result.blankLines()).isEqualTo(1);
    }

    @Test
    void aKindNamedByTheFileNameTakesPlainLinesAndIsNamedInARejection() {
        LoadLines commitsFile = new LoadLines(EventKind.COMMITS, "the file name commits.jsonl", ContractRules.defaults(), Set.of());
        LoadLines findingsFile = new LoadLines(EventKind.FINDINGS, "the file name findings.jsonl", ContractRules.defaults(), Set.of());

        assertThat(commitsFile.parse(COMMIT).kind()).isEqualTo(EventKind.COMMITS);
        assertThatThrownBy(() -> findingsFile.parse(envelope("commits", COMMIT)))
                .hasMessage("kind 'commits' does not match the file name findings.jsonl");
    }
}
