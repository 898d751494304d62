package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineCodecTest {
    private static FindingHistory.StatePoint point(String at, FindingHistory.State state, String start, Severity s) {
        return new FindingHistory.StatePoint(Instant.parse(at), state, start == null ? null : Instant.parse(start), s, Exploitability.LIKELY);
    }

    @Test
    void readingTheEncodedFormGivesTheSamePointAsDecodingItAll() {
        List<FindingHistory.StatePoint> points = List.of(
                point("2026-03-01T00:00:00Z", FindingHistory.State.OPEN, "2026-03-01T00:00:00Z", Severity.HIGH),
                point("2026-03-03T00:00:00Z", FindingHistory.State.OPEN, "2026-03-01T00:00:00Z", Severity.CRITICAL),
                point("2026-03-03T00:00:00Z", FindingHistory.State.CLOSED, null, Severity.CRITICAL),
                point("2026-03-09T00:00:00Z", FindingHistory.State.ACCEPTED, null, Severity.LOW));
        String encoded = TimelineCodec.encode(points);
        assertThat(TimelineCodec.decode(encoded)).isEqualTo(points);
        for (String end : List.of("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00.001Z",
                "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z", "2026-04-01T00:00:00Z")) {
            Instant t = Instant.parse(end);
            assertThat(TimelineCodec.at(encoded, t)).as(end).isEqualTo(TimelineCodec.at(points, t));
        }
        assertThat(TimelineCodec.at(encoded, Instant.parse("2026-03-04T00:00:00Z")).state()).isEqualTo(FindingHistory.State.CLOSED);
        assertThat(TimelineCodec.at("", Instant.now())).isNull();
    }
}
