package com.devsecopsmetrics.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that start the embedded broker and the application. */
final class StackOptions {
    @Option(names = "--data-dir", defaultValue = ".dsm-data",
            description = "Broker logs and state stores (default: ${DEFAULT-VALUE}); a fresh folder is a fresh start.")
    Path dataDir;

    @Option(names = "--rest-port", defaultValue = "8080", description = "REST and dashboard port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;
}
