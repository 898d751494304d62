package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.config.RegistryCompatibility;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.serde.SchemaRegistries;
import com.devsecopsmetrics.serde.SchemaRegistryClient;
import com.devsecopsmetrics.serde.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the application does in the user's schema registry beyond registering its writer schemas: it sets the
 * compatibility level ({@code schema.registry.compatibility}, default {@code BACKWARD}) of the output subjects it
 * owns, so that a later release cannot register a version of an output schema that the BI tools reading the older
 * ones could not read. It owns no other subject: its internal stores and repartition topics never go through the
 * registry (single-object encoding, see {@code InternalAvroSerde}), and the dead-letter topic carries the failed
 * records' own bytes. A registry that refuses the setting (no permission, no such endpoint) is not a reason to stop:
 * the level is left as the registry has it, with a warning.
 */
public final class RegistryHygiene {
    /** The subjects of {@code devsecops.metrics.daily}, {@code devsecops.metrics.snapshot} and {@code devsecops.alerts} (TopicNameStrategy). */
    public static final List<String> OWNED_SUBJECTS = List.of(
            Topics.METRICS_DAILY + "-value", Topics.METRICS_SNAPSHOT + "-value", Topics.ALERTS + "-value");
    /** Answers that mean "not allowed or not offered here", as opposed to a registry that is down. */
    private static final Set<Integer> REFUSALS = Set.of(401, 403, 404, 405, 422);
    private static final Logger log = LoggerFactory.getLogger(RegistryHygiene.class);

    private RegistryHygiene() {
    }

    /** Sets the configured level on {@link #OWNED_SUBJECTS} in the configured registry; see {@link #setCompatibility(String, SchemaRegistryClient)}. */
    public static List<String> setCompatibility(DsmConfig config) {
        String level = RegistryCompatibility.level(config.asMap().getOrDefault(DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, ""));
        if (level == null) {
            return List.of();
        }
        return setCompatibility(level, SchemaRegistries.fromConfig(config.asMap()));
    }

    /**
     * @return the subjects whose level was set; a subject the registry refused (HTTP 401, 403, 404, 405, 422) is logged
     * and left out, and a registry that cannot be reached or fails otherwise is logged and not asked again
     */
    static List<String> setCompatibility(String level, SchemaRegistryClient registry) {
        List<String> set = new ArrayList<>();
        for (String subject : OWNED_SUBJECTS) {
            try {
                registry.setCompatibility(subject, level);
                set.add(subject);
            } catch (SchemaRegistryException e) {
                if (REFUSALS.contains(e.httpStatus())) {
                    log.warn("schema registry {} refused to set compatibility {} on subject {} (HTTP {}): skipped, the subject keeps"
                                    + " the registry's level; set it there, or set {}=NONE to stop trying. {}", registry.describe(), level,
                            subject, e.httpStatus(), DsmConfig.SCHEMA_REGISTRY_COMPATIBILITY, e.getMessage());
                } else {
                    // Down or failing: the remaining subjects would each wait for it too, and the start should not.
                    log.warn("could not set compatibility {} in schema registry {}: skipped for {}. {}", level, registry.describe(),
                            OWNED_SUBJECTS.subList(OWNED_SUBJECTS.indexOf(subject), OWNED_SUBJECTS.size()), e.getMessage());
                    break;
                }
            }
        }
        if (!set.isEmpty()) {
            log.info("schema registry {}: compatibility {} set on {}", registry.describe(), level, set);
        }
        return set;
    }
}
