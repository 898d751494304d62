package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Exploitability;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mappings organisations set differently (README "Connectors: mappings"). The same keys configure the Connect
 * connectors and {@code bin/dsm convert -D key=value}.
 */
public record MappingConfig(
        Map<String, String> serviceMap,
        Set<String> productionEnvironments,
        String incidentLabel,
        String securityLabel,
        Pattern rootCause,
        Pattern deploymentWorkflows,
        Pattern securityJobs,
        Exploitability defaultExploitability,
        double epssLikely,
        double epssPlausible) {

    public static final String SERVICE_MAP = "service.map";
    public static final String PRODUCTION_ENVIRONMENTS = "production.environments";
    public static final String INCIDENT_LABEL = "incident.label";
    public static final String INCIDENT_SECURITY_LABEL = "incident.security.label";
    public static final String ROOT_CAUSE_PATTERN = "root.cause.pattern";
    public static final String GITHUB_DEPLOYMENT_WORKFLOWS = "github.deployment.workflows";
    public static final String GITLAB_SECURITY_JOBS = "gitlab.security.jobs";
    public static final String EXPLOITABILITY_DEFAULT = "exploitability.default";
    public static final String EPSS_LIKELY = "exploitability.epss.likely";
    public static final String EPSS_PLAUSIBLE = "exploitability.epss.plausible";

    /** Defaults of every key, as strings (the Connect ConfigDef and the README use these). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(SERVICE_MAP, "");
        d.put(PRODUCTION_ENVIRONMENTS, "production,prod");
        d.put(INCIDENT_LABEL, "incident");
        d.put(INCIDENT_SECURITY_LABEL, "security");
        d.put(ROOT_CAUSE_PATTERN, "(?i)root[ _-]?cause:\\s*([A-Za-z0-9][A-Za-z0-9._:/-]*)");
        d.put(GITHUB_DEPLOYMENT_WORKFLOWS, "");
        d.put(GITLAB_SECURITY_JOBS, "(?i)secur|sast|secret|dependency|scan");
        d.put(EXPLOITABILITY_DEFAULT, Exploitability.THEORETICAL.name());
        d.put(EPSS_LIKELY, "0.1");
        d.put(EPSS_PLAUSIBLE, "0.01");
        return Map.copyOf(d);
    }

    public static MappingConfig defaultConfig() {
        return from(Map.of());
    }

    /** Reads the keys above from {@code values}; missing keys take their default. Bad values throw with the key named. */
    public static MappingConfig from(Map<String, ?> values) {
        Function<String, String> get = key -> {
            Object v = values.get(key);
            return v == null ? DEFAULTS.get(key) : v.toString();
        };
        return new MappingConfig(
                parseServiceMap(get.apply(SERVICE_MAP)),
                Arrays.stream(get.apply(PRODUCTION_ENVIRONMENTS).split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                get.apply(INCIDENT_LABEL).trim(),
                get.apply(INCIDENT_SECURITY_LABEL).trim(),
                pattern(ROOT_CAUSE_PATTERN, get.apply(ROOT_CAUSE_PATTERN)),
                get.apply(GITHUB_DEPLOYMENT_WORKFLOWS).isBlank() ? null : pattern(GITHUB_DEPLOYMENT_WORKFLOWS, get.apply(GITHUB_DEPLOYMENT_WORKFLOWS)),
                pattern(GITLAB_SECURITY_JOBS, get.apply(GITLAB_SECURITY_JOBS)),
                enumValue(get.apply(EXPLOITABILITY_DEFAULT)),
                number(EPSS_LIKELY, get.apply(EPSS_LIKELY)),
                number(EPSS_PLAUSIBLE, get.apply(EPSS_PLAUSIBLE)));
    }

    /** {@code owner/repo=service,...}; keys are compared case-insensitively. */
    static Map<String, String> parseServiceMap(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(SERVICE_MAP + ": '" + entry.trim() + "' is not source=service_id");
            }
            map.put(entry.substring(0, eq).trim().toLowerCase(Locale.ROOT), entry.substring(eq + 1).trim());
        }
        return Map.copyOf(map);
    }

    private static Pattern pattern(String key, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": not a regular expression: " + e.getMessage());
        }
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
        }
    }

    private static Exploitability enumValue(String value) {
        try {
            return Exploitability.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(EXPLOITABILITY_DEFAULT + ": '" + value + "' is not one of PROVEN, LIKELY, PLAUSIBLE, THEORETICAL");
        }
    }

    /**
     * The service of a repository (GitHub {@code owner/repo}, GitLab {@code group/project}): its {@code service.map}
     * entry, else the repository's own name (the part after the last slash).
     */
    public String serviceOf(String repo) {
        String mapped = serviceMap.get(repo.toLowerCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        return repo.substring(repo.lastIndexOf('/') + 1);
    }

    /** The service of a non-repository source (a PagerDuty service id or name), when {@code service.map} names it. */
    public Optional<String> mappedService(String key) {
        return Optional.ofNullable(serviceMap.get(key.toLowerCase(Locale.ROOT)));
    }

    public boolean isProduction(String environment) {
        return environment != null && productionEnvironments.contains(environment.trim().toLowerCase(Locale.ROOT));
    }

    /** The deployment id or commit sha named by the {@code root cause:} convention in {@code text}. */
    public Optional<String> rootCauseIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = rootCause.matcher(text);
        return m.find() ? Optional.of(m.groupCount() >= 1 ? m.group(1) : m.group()) : Optional.empty();
    }

    /** Exploitability from an EPSS probability (0..1) and the CISA KEV flag, when the payload carries them. */
    public Exploitability exploitability(Double epss, boolean knownExploited) {
        if (knownExploited) {
            return Exploitability.PROVEN;
        }
        if (epss == null) {
            return defaultExploitability;
        }
        if (epss >= epssLikely) {
            return Exploitability.LIKELY;
        }
        return epss >= epssPlausible ? Exploitability.PLAUSIBLE : Exploitability.THEORETICAL;
    }
}
