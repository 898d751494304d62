package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.config.DsmConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The configuration sources of the commands that work on an external cluster: a file, DSM_* variables, -D overrides. */
final class ConfigOptions {
    @Option(names = "--config", description = "Properties file (see README: configuration); DSM_* environment variables override it.")
    Path config;

    @Option(names = "-D", description = "Override one configuration key, e.g. -D rest.port=8081.")
    Map<String, String> overrides = new HashMap<>();

    DsmConfig load() throws IOException {
        return load(Map.of());
    }

    /** The configuration with {@code fixed} on top of every source, as the embedded stack sets its broker and state dir. */
    DsmConfig load(Map<String, String> fixed) throws IOException {
        Map<String, String> all = new HashMap<>(overrides);
        all.putAll(fixed);
        return DsmConfig.load(config, System.getenv(), all);
    }
}
