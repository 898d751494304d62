package com.devsecopsmetrics.query;

import org.apache.kafka.streams.KafkaStreams.State;

import java.util.EnumSet;
import java.util.Set;

/**
 * The three health probes of DESIGN §7 and the Kafka Streams states each one calls up. A supervisor restarts the
 * process when {@link #LIVE} fails and stops sending queries while {@link #READY} fails; {@link #HEALTH} is the
 * older summary, which a rebalance does not fail.
 */
public enum StreamsHealth {
    /** {@code GET /health}: running or rebalancing. */
    HEALTH("/health", EnumSet.of(State.RUNNING, State.REBALANCING)),
    /**
     * {@code GET /health/live}: the process can still make progress. The REST server is stopped before Kafka Streams on
     * an orderly shutdown, so a stopped or stopping Streams seen here is an unexpected stop, as ERROR is.
     */
    LIVE("/health/live", EnumSet.of(State.CREATED, State.REBALANCING, State.RUNNING)),
    /** {@code GET /health/ready}: queries can be answered, which IQv2 does only for a running instance. */
    READY("/health/ready", EnumSet.of(State.RUNNING));

    private final String path;
    private final Set<State> up;

    StreamsHealth(String path, Set<State> up) {
        this.path = path;
        this.up = up;
    }

    public String path() {
        return path;
    }

    public boolean isUp(State state) {
        return up.contains(state);
    }

    public int status(State state) {
        return isUp(state) ? 200 : 503;
    }
}
