package com.devsecopsmetrics.reference;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

}
