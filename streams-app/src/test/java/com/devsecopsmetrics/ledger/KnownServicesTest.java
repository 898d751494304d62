package com.devsecopsmetrics.ledger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The services of a partition in the stores' key order: a merge of two ordered key lists, each key once. */
class KnownServicesTest {
    /** RocksDB's order of String keys: their UTF-8 bytes compared unsigned. */
    private static final Comparator<String> UTF8_BYTES = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    @Property(tries = 1000)
    void keyOrderIsTheOrderOfUtf8Bytes(@ForAll("ids") String a, @ForAll("ids") String b) {
        assertThat(Integer.signum(KnownServices.byKeyOrder(a, b))).isEqualTo(Integer.signum(UTF8_BYTES.compare(a, b)));
    }

    @Property(tries = 500)
    void theMergeIsTheSortedUnion(@ForAll("idSets") Set<String> assigned, @ForAll("idSets") Set<String> catalogued) {
        List<String> a = sorted(assigned);
        List<String> b = sorted(catalogued);
        Set<String> union = new TreeSet<>(UTF8_BYTES);
        union.addAll(assigned);
        union.addAll(catalogued);
        assertThat(KnownServices.merge(a.iterator(), b.iterator())).containsExactlyElementsOf(union);
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(UTF8_BYTES);
        return list;
    }

    @Provide
    Arbitrary<String> ids() {
        // Characters on both sides of the one place UTF-16 and UTF-8 order differ: above U+FFFF against U+E000-U+FFFF.
        return Arbitraries.strings().withChars("ab-\uE000\uFFFD\uD83D\uDE00\uD83D\uDE01é").ofMaxLength(6)
                .filter(s -> s.codePoints().allMatch(Character::isValidCodePoint) && !hasLoneSurrogate(s));
    }

    @Provide
    Arbitrary<Set<String>> idSets() {
        return ids().set().ofMaxSize(12);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
