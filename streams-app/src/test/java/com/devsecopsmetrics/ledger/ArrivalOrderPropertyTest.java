package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §3's order independence and idempotency: the same history in time order, shuffled with duplicates,
 * and in adversarial order (deployments first, catalogue last) gives the same answers for every scope.
 */
class ArrivalOrderPropertyTest {
    private static final Instant END = Instant.parse("2026-05-01T00:00:00Z");

    @Property(tries = 4)
    void theAnswersDoNotDependOnArrivalOrder(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws IOException {
        List<SpecificRecord> history = new ArrayList<>();
        SyntheticOrganisation.generate(new OrganisationSpec(6, 45, seed, END, true), (kind, event) -> history.add(event));

        List<SpecificRecord> timeOrder = new ArrayList<>(history);
        timeOrder.sort(Comparator.comparing(e -> EventKind.ofRecord(e).orElseThrow().eventTime(e)));

        List<SpecificRecord> shuffled = new ArrayList<>(history);
        Random random = new Random(seed);
        for (int i = 0; i < history.size() / 10; i++) {
            shuffled.add(history.get(random.nextInt(history.size()))); // redelivered duplicates
        }
        Collections.shuffle(shuffled, random);

        List<SpecificRecord> adversarial = new ArrayList<>(history);
        List<EventKind> order = List.of(EventKind.DEPLOYMENTS, EventKind.INCIDENTS, EventKind.FINDINGS, EventKind.SCAN_RESULTS,
                EventKind.COMMITS, EventKind.SERVICES);
        adversarial.sort(Comparator.comparing((SpecificRecord e) -> order.indexOf(EventKind.ofRecord(e).orElseThrow()))
                .thenComparing(e -> EventKind.ofRecord(e).orElseThrow().eventTime(e), Comparator.reverseOrder()));

        List<String> scopes = scopes(history);
        Map<String, Object> expected = answers(timeOrder, scopes);
        assertThat(expected.toString()).contains("deployments=");
        assertSameAnswers(answers(shuffled, scopes), expected);
        assertSameAnswers(answers(adversarial, scopes), expected);
    }

    private static List<String> scopes(List<SpecificRecord> history) {
        TreeSet<String> scopes = new TreeSet<>(List.of("org", "tier:TIER_1", "tier:TIER_2", "tier:TIER_3", "team:unassigned"));
        for (SpecificRecord e : history) {
            if (e instanceof Service s) {
                scopes.add("team:" + s.getTeam());
            }
            scopes.add("service:" + EventKind.serviceId(e));
        }
        return new ArrayList<>(scopes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> answers(List<SpecificRecord> events, List<String> scopes) throws IOException {
        Path dir = Files.createTempDirectory("arrival-order");
        try (LedgerDriver ledger = new LedgerDriver(dir)) {
            ledger.pipe(events);
            Map<String, Object> answers = new LinkedHashMap<>();
            LocalDate end = LocalDate.of(2026, 5, 1);
            for (String scope : scopes) {
                for (LocalDate from : List.of(end.minusDays(45), end.minusDays(14))) {
                    DayFigures f = ledger.figures(scope, from, end);
                    answers.put(scope + " " + from + " dora", LedgerDriver.asMap(DeliveryMetrics.dora(f, end.toEpochDay() - from.toEpochDay())));
                    answers.put(scope + " " + from + " security", LedgerDriver.asMap(DeliveryMetrics.security(f)));
                    answers.put(scope + " " + from + " debt", LedgerDriver.asMap(DebtFlowMetrics.of(f)));
                }
                for (LocalDate date : List.of(end.minusDays(1), end.minusDays(20))) {
                    Map<String, Object> snapshot = ledger.snapshot(scope, date.toString());
                    answers.put(scope + " " + date + " coverage", flatten((Map<String, Object>) snapshot.get("coverage")));
                    answers.put(scope + " " + date + " snapshot debt", flatten((Map<String, Object>) snapshot.get("debt")));
                }
            }
            return answers;
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Nested groups as one level of "a.b" keys, so they compare like the period groups. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<String, Object> group) {
        Map<String, Object> flat = new LinkedHashMap<>();
        group.forEach((k, v) -> {
            if (v instanceof Map<?, ?> inner) {
                flatten((Map<String, Object>) inner).forEach((ik, iv) -> flat.put(k + "." + ik, iv));
            } else {
                flat.put(k, v);
            }
        });
        return flat;
    }

    /** Equal, but for the last bits of floating-point sums taken in another order. */
    @SuppressWarnings("unchecked")
    private static void assertSameAnswers(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, group) -> ((Map<String, Object>) group).forEach((metric, value) -> {
            Object other = ((Map<String, Object>) actual.get(key)).get(metric);
            if (value instanceof Double d && other instanceof Double o) {
                assertThat(o).as(key + " " + metric).isCloseTo(d, org.assertj.core.api.Assertions.within(Math.abs(d) * 1e-9 + 1e-9));
            } else {
                assertThat(other).as(key + " " + metric).isEqualTo(value);
            }
        }));
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
