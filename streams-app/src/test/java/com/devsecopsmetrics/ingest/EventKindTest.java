package com.devsecopsmetrics.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventKindTest {
    @Test
    void acceptsKindsAndTopicNames() {
        assertThat(EventKind.parse("scan-results")).contains(EventKind.SCAN_RESULTS);
        assertThat(EventKind.parse("devsecops.findings")).contains(EventKind.FINDINGS);
        assertThat(EventKind.parse("scans")).isEmpty();
        assertThat(EventKind.SERVICES.topic()).isEqualTo("devsecops.services");
    }

    @Test
    void everySchemaHasItsTimeFieldAndTheServiceKey() {
        for (EventKind k : EventKind.values()) {
            assertThat(k.schema().getField(k.timeField())).as(k.kind()).isNotNull();
            assertThat(k.schema().getField(EventKind.KEY_FIELD)).as(k.kind()).isNotNull();
        }
    }
}
