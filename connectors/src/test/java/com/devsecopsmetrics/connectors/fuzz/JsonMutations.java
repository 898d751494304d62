package com.devsecopsmetrics.connectors.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hostile variants of real payloads for the fuzz tests: a fixture with one of its values (at any depth) replaced
 * by a value of another type, size or range, or its bytes cut, spliced or flipped. Replacing values inside a real
 * payload reaches the converters' deep paths, which random JSON from scratch almost never does.
 */
public final class JsonMutations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "src/test/fixtures"));

    private JsonMutations() {
    }

    /** The files of a fixture folder, as (file name, bytes). */
    public static List<Fixture> fixtures(String folder) {
        try (Stream<Path> files = Files.list(FIXTURES.resolve(folder))) {
            return files.sorted().map(p -> new Fixture(p.getFileName().toString(), read(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Fixture(String name, byte[] bytes) {
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Values a hostile or broken sender may put anywhere. */
    public static Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L, 253402300800L, -62135596801L).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2099-01-01T00:00:00Z",
                        "2021-04-28 21:50:00", "9999999999999", "", " ", "\u0000", "a\u001fb", "production", "error", "success", "closed",
                        "open", "completed", "triggered", "incident.resolved").map(NODES::textNode),
                Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
                Arbitraries.strings().withChars('x').ofMinLength(4_000).ofMaxLength(5_000).map(NODES::textNode),
                Arbitraries.just(NODES.arrayNode()),
                Arbitraries.just(NODES.objectNode()),
                Arbitraries.integers().between(0, 1_500).map(n -> {
                    ArrayNode a = NODES.arrayNode();
                    for (int i = 0; i < n; i++) {
                        a.add("x" + i);
                    }
                    return a;
                }));
    }

    /** {@code fixture} with the value at one of its nodes (chosen by index, in document order) replaced. */
    public static Arbitrary<byte[]> valueReplaced(byte[] fixture) {
        JsonNode tree = parse(fixture);
        int nodes = slots(tree).size();
        return Combinators.combine(Arbitraries.integers().between(0, Math.max(0, nodes - 1)), hostileValues())
                .as((index, value) -> {
                    JsonNode copy = tree.deepCopy();
                    List<Slot> slots = slots(copy);
                    if (!slots.isEmpty()) {
                        slots.get(index % slots.size()).set(value);
                    }
                    return copy.toString().getBytes(StandardCharsets.UTF_8);
                });
    }

    /** {@code fixture}'s bytes cut short, with a byte changed, or with a span repeated. */
    public static Arbitrary<byte[]> bytesMangled(byte[] fixture) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, fixture.length - 1);
        return Arbitraries.oneOf(
                at.map(i -> java.util.Arrays.copyOf(fixture, i)),
                Combinators.combine(at, Arbitraries.bytes()).as((i, b) -> {
                    byte[] copy = fixture.clone();
                    copy[i] = b;
                    return copy;
                }),
                Combinators.combine(at, at).as((i, j) -> {
                    int from = Math.min(i, j);
                    int to = Math.max(i, j);
                    byte[] copy = new byte[fixture.length + (to - from)];
                    System.arraycopy(fixture, 0, copy, 0, to);
                    System.arraycopy(fixture, from, copy, to, fixture.length - from);
                    return copy;
                }));
    }

    /** A hostile variant of any of {@code fixtures}. */
    public static Arbitrary<byte[]> mutants(List<Fixture> fixtures) {
        return Arbitraries.of(fixtures).flatMap(f -> Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, valueReplaced(f.bytes())), net.jqwik.api.Tuple.of(1, bytesMangled(f.bytes()))));
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A place in a tree that holds a value: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> {
                slots.add(new Slot(node, f, -1));
                collect(node.get(f), slots);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                collect(node.get(i), slots);
            }
        }
    }
}
