package com.devsecopsmetrics.config;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The schema registry compatibility levels {@code schema.registry.compatibility} may name; checked when the configuration is read. */
public final class RegistryCompatibility {
    private static final Set<String> LEVELS = Set.of("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
            "FULL_TRANSITIVE");

    private RegistryCompatibility() {
    }

    /** The level to set, upper-cased, or null for {@code NONE} or empty (leave the subjects alone); anything else is refused. */
    public static String level(String configured) {
        String level = configured.trim().toUpperCase(Locale.ROOT);
        if (level.isEmpty() || level.equals("NONE")) {
            return null;
        }
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY + " must be one of " + new TreeSet<>(LEVELS)
                    + ", NONE or empty, got '" + configured + "'");
        }
        return level;
    }
}
