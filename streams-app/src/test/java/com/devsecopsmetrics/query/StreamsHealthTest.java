package com.devsecopsmetrics.query;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Kafka Streams states each probe calls up (200), every other state answering 503. */
class StreamsHealthTest {
    private static Set<State> up(StreamsHealth probe) {
        return Arrays.stream(State.values()).filter(probe::isUp).collect(Collectors.toCollection(() -> EnumSet.noneOf(State.class)));
    }

    @Test
    void livenessFailsOnceStreamsHasFailedOrStopped() {
        assertThat(up(StreamsHealth.LIVE)).containsExactlyInAnyOrder(State.CREATED, State.REBALANCING, State.RUNNING);
        for (State down : EnumSet.of(State.ERROR, State.PENDING_ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING)) {
            assertThat(StreamsHealth.LIVE.status(down)).as(down.name()).isEqualTo(503);
        }
    }

    @Test
    void readinessNeedsARunningInstanceAndHealthAlsoTakesARebalance() {
        assertThat(up(StreamsHealth.READY)).containsExactly(State.RUNNING);
        assertThat(StreamsHealth.READY.status(State.REBALANCING)).isEqualTo(503);
        assertThat(up(StreamsHealth.HEALTH)).containsExactlyInAnyOrder(State.RUNNING, State.REBALANCING);
    }
}
