package com.devsecopsmetrics.ingest.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A deterministic synthetic organisation: teams of differing (and changing) maturity running
 * services of every tier, producing the full event contract: catalogue, commits, deployments,
 * incidents, scan results and finding lifecycles.
 *
 * <p>Events are handed to an {@link EventSink} in event-time order, a day at a time, so a large
 * history streams through in bounded memory. The organisation keeps its state between calls, so a
 * live demo can replay the history with {@link #generateHistory} and then keep calling
 * {@link #generateWindow} with times near now. The events depend only on the spec; in particular
 * they do not depend on how time is cut into windows, nor on the wall clock.
 */
public final class SyntheticOrganisation {

    private final OrganisationSpec spec;
    private final List<ServiceSimulation> services = new ArrayList<>();
    private final Timeline timeline = new Timeline();
    private Instant position;

    public SyntheticOrganisation(OrganisationSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        Dice dice = new Dice(spec.seed());
        Catalogue catalogue = Catalogue.build(spec, dice);
        long start = Times.ceilToSecond(spec.start().toEpochMilli());
        long end = spec.end().toEpochMilli();
        long idSalt = ServiceSimulation.mix(spec.seed());
        for (int i = 0; i < catalogue.services.size(); i++) {
            ServiceSimulation service = new ServiceSimulation(i, catalogue.services.get(i), dice.split(), timeline,
                    catalogue.teams, start, end, idSalt);
            service.findingLifecycles.expiringAcceptances(spec.expiringAcceptances());
            service.start();
            services.add(service);
        }
        this.position = spec.start();
    }

    /** Generates the spec's whole history, {@code [end - days, end)}; returns the organisation for more. */
    public static SyntheticOrganisation generate(OrganisationSpec spec, EventSink sink) {
        SyntheticOrganisation organisation = new SyntheticOrganisation(spec);
        organisation.generateHistory(sink);
        return organisation;
    }

    /** Where the organisation has got to: the end of the last window generated. */
    public Instant position() {
        return position;
    }

    /** The history from the current position up to the spec's end, a day at a time. */
    public void generateHistory(EventSink sink) {
        Instant end = spec.end();
        while (position.isBefore(end)) {
            Instant next = position.plus(Duration.ofDays(1));
            generateWindow(position, next.isAfter(end) ? end : next, sink);
        }
    }

    /**
     * Every event with a time in {@code [from, to)}. Windows must follow on from each other
     * ({@code from} is the current {@link #position()}); follow-ups decided earlier (a fix, an
     * incident's resolution) come out in the window their time falls in.
     */
    public void generateWindow(Instant from, Instant to, EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!from.equals(position)) {
            throw new IllegalArgumentException("windows must follow on: expected from=" + position + ", was " + from);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends before it starts: " + from + " .. " + to);
        }
        long bound = to.toEpochMilli();
        for (ServiceSimulation service : services) {
            service.advanceTo(bound);
        }
        timeline.releaseBefore(bound, sink);
        position = to;
    }
}
