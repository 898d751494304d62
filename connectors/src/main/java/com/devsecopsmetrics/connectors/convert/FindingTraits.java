package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.Severity;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Severity, CWE and category rules shared by the SARIF and the GitHub alert converters. */
final class FindingTraits {
    private static final Pattern CWE = Pattern.compile("(?i)\\bcwe[-_/:\\s]*0*(\\d+)");

    private FindingTraits() {
    }

    /** CVSS-style score (SARIF {@code security-severity}): ≥9 CRITICAL, ≥7 HIGH, ≥4 MEDIUM, >0 LOW; 0 or less has none. */
    static Optional<Severity> fromScore(double score) {
        if (score >= 9.0) {
            return Optional.of(Severity.CRITICAL);
        } else if (score >= 7.0) {
            return Optional.of(Severity.HIGH);
        } else if (score >= 4.0) {
            return Optional.of(Severity.MEDIUM);
        } else if (score > 0.0) {
            return Optional.of(Severity.LOW);
        }
        return Optional.empty();
    }

    /** SARIF {@code level}: error HIGH, warning MEDIUM, note and none LOW. */
    static Severity fromLevel(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "error" -> Severity.HIGH;
            case "warning" -> Severity.MEDIUM;
            case "note", "none" -> Severity.LOW;
            default -> throw new UnreadablePayload("unknown SARIF level (expected error, warning, note or none)");
        };
    }

    /** A severity word (critical, high, moderate/medium, low) as GitHub and most scanners spell it. */
    static Optional<Severity> fromWord(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> Optional.of(Severity.CRITICAL);
            case "high" -> Optional.of(Severity.HIGH);
            case "medium", "moderate" -> Optional.of(Severity.MEDIUM);
            case "low" -> Optional.of(Severity.LOW);
            default -> Optional.empty();
        };
    }

    /** {@code CWE-79} from tags and texts like {@code external/cwe/cwe-079}, {@code CWE-79: Cross-site...}, {@code cwe_079}. */
    static Optional<String> cwe(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = CWE.matcher(text);
        return m.find() ? Optional.of("CWE-" + Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The first CWE among the strings of a JSON array or a single string. */
    static Optional<String> cwe(JsonNode tagsOrText) {
        if (tagsOrText == null || tagsOrText.isMissingNode() || tagsOrText.isNull()) {
            return Optional.empty();
        }
        if (tagsOrText.isArray()) {
            for (JsonNode t : tagsOrText) {
                Optional<String> c = cwe(t);
                if (c.isPresent()) {
                    return c;
                }
            }
            return Optional.empty();
        }
        if (tagsOrText.isNumber()) {
            return Optional.of("CWE-" + tagsOrText.asInt());
        }
        return cwe(tagsOrText.asText());
    }

    static FindingCategory categoryOf(ScanType type) {
        return switch (type) {
            case SAST, DAST, API_LINT -> FindingCategory.CODE;
            case SECRETS -> FindingCategory.SECRET;
            case SCA, SBOM -> FindingCategory.DEPENDENCY;
            case IMAGE -> FindingCategory.CONTAINER;
            case IAC -> FindingCategory.CONFIGURATION;
        };
    }

    /** The scan type a tool name says, when it names a tool we know. */
    static Optional<ScanType> scanTypeOfTool(String tool) {
        String t = tool.toLowerCase(Locale.ROOT);
        if (containsAny(t, "gitleaks", "trufflehog", "detect-secrets", "secret")) {
            return Optional.of(ScanType.SECRETS);
        }
        if (containsAny(t, "container", "image", "anchore", "clair")) {
            return Optional.of(ScanType.IMAGE);
        }
        if (containsAny(t, "trivy", "grype", "dependency-check", "dependency check", "snyk", "osv", "npm audit", "pip-audit",
                "dependabot", "retire", "ossindex")) {
            return Optional.of(ScanType.SCA);
        }
        if (containsAny(t, "syft", "cyclonedx", "sbom")) {
            return Optional.of(ScanType.SBOM);
        }
        if (containsAny(t, "checkov", "tfsec", "kics", "terrascan", "hadolint", "kube-score", "kubesec")) {
            return Optional.of(ScanType.IAC);
        }
        if (containsAny(t, "zap", "burp", "nuclei", "nikto")) {
            return Optional.of(ScanType.DAST);
        }
        if (containsAny(t, "spectral", "openapi", "42crunch")) {
            return Optional.of(ScanType.API_LINT);
        }
        if (containsAny(t, "codeql", "semgrep", "spotbugs", "findsecbugs", "bandit", "eslint", "sonar", "pmd", "brakeman",
                "gosec", "rubocop", "psalm", "phpstan", "flawfinder", "devskim", "pylint", "checkmarx", "fortify")) {
            return Optional.of(ScanType.SAST);
        }
        return Optional.empty();
    }

    private static boolean containsAny(String s, String... words) {
        for (String w : words) {
            if (s.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
