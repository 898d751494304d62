package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import com.devsecopsmetrics.ingest.generate.GenerateToDirectory;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed reading of plain lines changes nothing: a line it takes, the tree reading takes as an equal event (and
 * the contract's rules then answer the same), and it takes the valid lines a loader is made of, or it would be dead code.
 */
class ContractJsonStreamTest {
    private static final long NOW = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    private static final Map<EventKind, List<String>> GENERATED = generated();

    /** Every line of a generated organisation, each kind, is read without a tree, as the tree reads it. */
    @Example
    void everyGeneratedLineIsStreamedAndEqualsTheTreeReading() {
        for (EventKind kind : EventKind.values()) {
            assertThat(GENERATED.get(kind)).as(kind.kind()).isNotEmpty();
            for (String line : GENERATED.get(kind)) {
                SpecificRecord streamed = ContractJson.readValidShape(kind, line);
                assertThat(streamed).as(line).isNotNull().isEqualTo(treeChecked(kind, line));
            }
        }
    }

    @Example
    void linesTheTreeWordsAreLeftToIt() {
        String commit = "{\"service_id\":\"web\",\"repo\":\"acme/web\",\"commit_id\":\"c1\",\"committed_at\":\"2026-01-02T03:04:05Z\"}";
        assertThat(ContractJson.readValidShape(EventKind.COMMITS, commit)).isNotNull();
        for (String bad : List.of(commit.replace("\"c1\"", "1"), commit.replace("\"web\",", "null,"), commit.replace("}", ",\"x\":1}"),
                commit.replace("\"service_id\":\"web\",", ""), commit + " trailing", commit.substring(1), "{\"kind\":\"commits\",\"value\":" + commit + "}",
                commit.replace("2026-01-02T03:04:05Z", "2026-02-30T03:04:05Z"), "[" + commit + "]", commit.substring(0, 40))) {
            assertThat(ContractJson.readValidShape(EventKind.COMMITS, bad)).as(bad).isNull();
        }
    }

    /** Mutated lines of every kind: whatever the streamed reading takes, the tree reading takes, equal, with the same rules' answer. */
    @Property(tries = 3000)
    void whatTheStreamTakesTheTreeTakesEqual(@ForAll("mutated") Tuple.Tuple2<EventKind, String> input) {
        EventKind kind = input.get1();
        String line = input.get2();
        SpecificRecord streamed = ContractJson.readValidShape(kind, line);
        Statistics.collect(streamed != null ? "streamed" : "left to the tree");
        // Neither side may be rare, or the property tells little.
        Statistics.coverage(c -> {
            c.check("streamed").percentage(p -> p > 15);
            c.check("left to the tree").percentage(p -> p > 15);
        });
        if (streamed == null) {
            return;
        }
        Object expected = outcome(() -> treeChecked(kind, line));
        assertThat(outcome(() -> {
            ContractRules.defaults().check(streamed, NOW);
            return streamed;
        })).as(line).isEqualTo(expected);
        assertThat(outcome(() -> ContractJson.fromJson(kind, line, ContractRules.defaults(), NOW))).as(line).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<EventKind, String>> mutated() {
        Arbitrary<EventKind> kinds = Arbitraries.of(EventKind.values());
        return kinds.flatMap(kind -> {
            Arbitrary<String> base = Arbitraries.of(GENERATED.get(kind).subList(0, Math.min(50, GENERATED.get(kind).size())));
            Arbitrary<String> cut = Combinators.combine(base, Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 12),
                            Arbitraries.of("", "null", "1", "-1", "1.5", "9223372036854775808", "\"\"", "[]", "{}", "[null]", "true", ",", ":",
                                    "\"x\":1,", "\"service_id\":\"a\",", "\"Z\"", "\\u0000", "\"2026-13-01T00:00:00Z\""))
                    .as((line, at, length, insert) -> {
                        int from = Math.min(at, line.length());
                        return line.substring(0, from) + insert + line.substring(Math.min(line.length(), from + length));
                    });
            Arbitrary<String> valueSwap = Combinators.combine(base, Arbitraries.of("null", "0", "2147483648", "\"\"", "[]", "{}", "false",
                            "\"CRITICAL\"", "1772366400000", "\"2026-03-01T12:00:00+02:00\"", "[\"a\",null]"))
                    .as((line, v) -> line.replaceFirst(":(\"[^\"]*\"|-?\\d+|true|false|null)", ":" + v));
            Arbitrary<String> repeated = base.map(line -> line.replaceFirst("\\{(\"[a-z_]+\":[^,]*),", "{$1,$1,"));
            return Arbitraries.oneOf(cut, valueSwap, repeated).map(line -> Tuple.of(kind, line));
        });
    }

    private static SpecificRecord treeChecked(EventKind kind, String line) {
        try {
            return ContractJson.fromJson(kind, ContractJson.mapper().readTree(line), ContractRules.defaults(), NOW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event, or the reason it was refused. */
    private static Object outcome(java.util.function.Supplier<SpecificRecord> read) {
        try {
            return Objects.requireNonNull(read.get());
        } catch (ContractViolation e) {
            return "refused: " + e.getMessage();
        }
    }

    private static Map<EventKind, List<String>> generated() {
        try {
            Path dir = Files.createTempDirectory("stream-lines");
            GenerateToDirectory.write(new OrganisationSpec(12, 40, 7, Instant.parse("2026-05-01T00:00:00Z"), true), dir);
            Map<EventKind, List<String>> lines = new EnumMap<>(EventKind.class);
            for (EventKind kind : EventKind.values()) {
                lines.put(kind, new ArrayList<>(Files.readAllLines(dir.resolve(kind.kind() + ".jsonl"))));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
