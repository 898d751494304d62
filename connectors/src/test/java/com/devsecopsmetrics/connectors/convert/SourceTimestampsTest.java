package com.devsecopsmetrics.connectors.convert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceTimestampsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2011-12-12T14:27:31+02:00 | 2011-12-12T12:27:31Z",   // GitLab push commit
            "2016-08-12 15:23:28 UTC   | 2016-08-12T15:23:28Z",   // GitLab pipeline
            "2021-04-28 21:50:00 +0200 | 2021-04-28T19:50:00Z",   // GitLab deployment
            "2015-05-05T19:40:15-04:00 | 2015-05-05T23:40:15Z",   // GitHub push commit
            "2019-05-15T15:19:25Z      | 2019-05-15T15:19:25Z",
            "2020-10-02T18:45:22.169Z  | 2020-10-02T18:45:22.169Z", // PagerDuty
            "2023-01-10 13:50:02 UTC   | 2023-01-10T13:50:02Z",   // GitLab job
            "2021-04-28 21:50:00 -0130 | 2021-04-28T23:20:00Z",
            "2021-04-28 21:50:00.25 +0000 | 2021-04-28T21:50:00.250Z",
            "2016-07-16T14:19:01.5+05:30 | 2016-07-16T08:49:01.500Z",
            "2024-03-31 01:30:00 Europe/Berlin | 2024-03-31T00:30:00Z"})
    void everySpellingBecomesItsUtcInstant(String text, String utc) {
        assertThat(SourceTimestamps.parse(text)).isEqualTo(Instant.parse(utc));
    }

    @Test
    void epochNumbersAreSecondsOrMilliseconds() {
        // GitHub's repository.pushed_at: 1557933657 s = 2019-05-15T15:20:57Z
        assertThat(SourceTimestamps.of(JsonNodeFactory.instance.numberNode(1557933657L))).contains(Instant.parse("2019-05-15T15:20:57Z"));
        assertThat(SourceTimestamps.of(JsonNodeFactory.instance.numberNode(1557933657123L))).contains(Instant.parse("2019-05-15T15:20:57.123Z"));
        assertThat(SourceTimestamps.of(JsonNodeFactory.instance.nullNode())).isEmpty();
    }

    // The reason describes the problem without quoting the text: it may come from a file that is not what it claims to be.
    @ParameterizedTest
    @ValueSource(strings = {"2021-04-28 21:50:00", "2021-04-28T21:50:00", "yesterday", "2021-13-28T21:50:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z"})
    void aTimeWithoutZoneOrNotATimeOrOutOfRangeIsRejectedWithTheReasonButNotTheText(String text) {
        assertThatThrownBy(() -> SourceTimestamps.parse(text)).isInstanceOf(UnreadablePayload.class)
                .hasMessageContaining("timestamp").satisfies(e -> assertThat(e.getMessage()).doesNotContain(text));
    }
}
