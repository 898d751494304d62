package com.devsecopsmetrics.cli;

import picocli.CommandLine.Option;

/**
 * The size and seed of the synthetic organisation of the commands that generate one. Each command passes its own
 * defaults: picocli takes a mixin's initial field values as the defaults it applies and shows.
 */
final class OrganisationOptions {
    @Option(names = "--services", description = "Services in the organisation (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--days", description = "Days of history (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", description = "Random seed; the same seed and end give the same history (default: ${DEFAULT-VALUE}).")
    long seed;

    OrganisationOptions(int services, int days, long seed) {
        this.services = services;
        this.days = days;
        this.seed = seed;
    }
}
