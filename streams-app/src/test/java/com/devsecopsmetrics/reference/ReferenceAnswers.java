package com.devsecopsmetrics.reference;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A REST answer's metric group against {@link ReferenceMetrics}: counts exactly, percentiles within 1%, other doubles to rounding. */
public final class ReferenceAnswers {
    private ReferenceAnswers() {
    }

    /** @return how many values were compared */
    @SuppressWarnings("unchecked")
    public static int compare(String what, JsonNode actual, Map<String, Object> expected) {
        int n = 0;
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            JsonNode value = actual.get(e.getKey());
            assertThat(value).as(what + " " + e.getKey() + " is present").isNotNull();
            Object want = e.getValue();
            if (want == null || java.util.Optional.empty().equals(want)) {
                assertThat(value.isNull()).as(what + " " + e.getKey() + " = " + value + ", expected null").isTrue();
            } else if (want instanceof Long l) {
                assertThat(value.asLong()).as(what + " " + e.getKey()).isEqualTo(l);
            } else if (want instanceof Double d) {
                double tolerance = e.getKey().matches(".*_p\\d+$") ? Math.abs(d) * 0.01 + 1e-9 : Math.abs(d) * 1e-9 + 1e-9;
                assertThat(value.isNull()).as(what + " " + e.getKey() + " expected " + d).isFalse();
                assertThat(value.asDouble()).as(what + " " + e.getKey()).isCloseTo(d, within(tolerance));
            } else if (want instanceof List<?> list) {
                List<String> got = new ArrayList<>();
                value.forEach(v -> got.add(v.asText()));
                assertThat(got).as(what + " " + e.getKey()).isEqualTo(list);
            } else if (want instanceof Map<?, ?> map) {
                Map<String, Long> got = new java.util.LinkedHashMap<>();
                value.properties().forEach(p -> got.put(p.getKey(), p.getValue().asLong()));
                assertThat(got).as(what + " " + e.getKey()).containsExactlyEntriesOf((Map<String, Long>) map);
            }
            n++;
        }
        return n;
    }

    /** Nested maps and lists compared leaf by leaf: counts exactly, doubles to rounding (snapshots are exact). */
    @SuppressWarnings("unchecked")
    public static int compareTree(String what, JsonNode actual, Object expected) {
        if (expected instanceof Map<?, ?> map) {
            int n = 0;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                assertThat(actual.has(e.getKey())).as(what + " has " + e.getKey()).isTrue();
                n += compareTree(what + "." + e.getKey(), actual.get(e.getKey()), e.getValue());
            }
            return n;
        }
        if (expected == null) {
            assertThat(actual.isNull()).as(what + " = " + actual + ", expected null").isTrue();
        } else if (expected instanceof Double d) {
            assertThat(actual.isNull()).as(what + " expected " + d).isFalse();
            assertThat(actual.asDouble()).as(what).isCloseTo(d, within(Math.abs(d) * 1e-9 + 1e-9));
        } else if (expected instanceof Number l) {
            assertThat(actual.asLong()).as(what).isEqualTo(l.longValue());
        } else if (expected instanceof List<?> list) {
            List<String> got = new ArrayList<>();
            actual.forEach(v -> got.add(v.asText()));
            assertThat(got).as(what).isEqualTo(list.stream().map(String::valueOf).toList());
        } else {
            assertThat(actual.asText()).as(what).isEqualTo(String.valueOf(expected));
        }
        return 1;
    }

    /** A {@code /api/v1/metrics} answer's three groups for the period [from, to). @return how many values were compared */
    public static int comparePeriod(String what, JsonNode answer, ReferenceMetrics reference, String scope, LocalDate from, LocalDate to) {
        return compare(what + " dora", answer.path("dora"), reference.dora(scope, from, to))
                + compare(what + " security", answer.path("security"), reference.security(scope, from, to))
                + compare(what + " debt_flow", answer.path("debt_flow"), reference.debtFlow(scope, from, to));
    }

    /** A {@code /api/v1/snapshot} answer's coverage and debt. @return how many values were compared */
    public static int compareSnapshot(String what, JsonNode answer, ReferenceMetrics reference, String scope, LocalDate date) {
        Map<String, Object> expected = reference.snapshot(scope, date);
        return compareTree(what, answer.path("coverage"), expected.get("coverage"))
                + compareTree(what, answer.path("debt"), expected.get("debt"));
    }

    /** Every scope the API answers for: the org, each tier, internet exposure, each service and each team. */
    public static List<String> scopes(ReferenceMetrics reference) {
        List<String> scopes = new ArrayList<>(List.of("org", "tier:TIER_1", "tier:TIER_2", "tier:TIER_3", "exposure:internet"));
        TreeSet<String> teams = new TreeSet<>();
        for (String service : reference.services()) {
            teams.add(reference.teamOf(service));
            scopes.add("service:" + service);
        }
        teams.forEach(t -> scopes.add("team:" + t));
        return scopes;
    }
}
