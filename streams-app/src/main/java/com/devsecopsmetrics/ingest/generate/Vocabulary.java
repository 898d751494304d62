package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.Severity;
import java.util.List;

/** The words and distributions that make the organisation read like a real one. */
final class Vocabulary {

    private Vocabulary() {
    }

    /**
     * A team as the catalogue starts it: typical maturity, its trend per year, local time zone,
     * how likely its services are business critical, and the nouns its services are named after.
     */
    record TeamTemplate(String name, double maturity, double trendPerYear, int utcOffsetHours,
                        double criticality, List<String> serviceNouns) {
    }

    /** Teams in the order they are added as the organisation grows. */
    static final List<TeamTemplate> TEAMS = List.of(
            new TeamTemplate("payments", 0.75, 0.10, 0, 0.35,
                    List.of("ledger", "gateway", "refunds", "payouts", "billing", "invoicing", "fx-rates",
                            "card-vault", "settlement", "fraud-check")),
            new TeamTemplate("identity", 0.80, 0.05, 1, 0.35,
                    List.of("auth", "sso", "mfa", "user-profile", "sessions", "tokens", "directory", "consent",
                            "password-reset", "scim")),
            new TeamTemplate("search", 0.50, 0.30, -5, 0.05,
                    List.of("indexer", "query", "ranking", "autocomplete", "crawler", "synonyms", "facets",
                            "spellcheck")),
            new TeamTemplate("platform", 0.85, 0.00, 0, 0.10,
                    List.of("api-gateway", "service-mesh", "config", "feature-flags", "secrets-broker",
                            "build-cache", "artifact-store", "scheduler")),
            new TeamTemplate("data", 0.30, 0.35, 2, -0.20,
                    List.of("etl", "warehouse-loader", "events-collector", "reporting", "lake-ingest",
                            "metrics-export", "cdc")),
            new TeamTemplate("mobile", 0.45, -0.15, -8, 0.15,
                    List.of("ios-bff", "android-bff", "push", "app-config", "deep-links", "mobile-gateway")),
            new TeamTemplate("checkout", 0.60, 0.15, 0, 0.30,
                    List.of("cart", "orders", "pricing", "promotions", "tax", "shipping-quotes", "returns")),
            new TeamTemplate("growth", 0.30, 0.05, -5, -0.05,
                    List.of("referrals", "campaigns", "experiments", "onboarding", "email-sender",
                            "landing-pages")),
            new TeamTemplate("messaging", 0.55, 0.20, 1, 0.00,
                    List.of("notifications", "sms", "chat", "inbox", "webhooks", "email-relay")),
            new TeamTemplate("ml", 0.25, 0.30, -8, -0.20,
                    List.of("recommendations", "feature-store", "model-serving", "embeddings", "personalisation")),
            new TeamTemplate("storefront", 0.65, -0.10, 0, 0.20,
                    List.of("catalog", "product-pages", "reviews", "web", "media", "inventory-view")),
            new TeamTemplate("devex", 0.70, 0.10, 1, -0.25,
                    List.of("ci-runners", "developer-portal", "code-search", "docs-site", "release-bot")));

    /** The team whose deadline crunch at the end of the history shows up as rising gate bypasses. */
    static final String CRUNCH_TEAM = "growth";

    static final List<String> FIRST_NAMES = List.of("alice", "bruno", "chen", "dana", "emeka", "fatima", "gus",
            "hana", "ivan", "jules", "kofi", "lena", "mateo", "nia", "omar", "priya", "quinn", "rosa", "sven",
            "tara", "umar", "vera", "wei", "yusuf", "zoe");

    static final List<String> LAST_NAMES = List.of("nguyen", "garcia", "smith", "okafor", "kowalski", "tanaka",
            "silva", "haddad", "mueller", "rossi", "patel", "johansson", "dubois", "kim", "moreau", "ali");

    static final List<String> BOTS = List.of("dependabot[bot]", "renovate[bot]");

    static final List<String> BYPASS_REASONS = List.of(
            "hotfix under incident pressure",
            "scanner outage, approved by on-call security",
            "false positive pending triage",
            "release deadline, exception EX-%d",
            "vendor patch cannot wait for full scan");

    static String scannerFor(ScanType type, Dice dice) {
        return switch (type) {
            case SAST -> dice.chance(0.6) ? "codeql" : "semgrep";
            case SECRETS -> dice.chance(0.8) ? "gitleaks" : "trufflehog";
            case SCA -> dice.chance(0.6) ? "grype" : "osv-scanner";
            case SBOM -> "syft";
            case IMAGE -> "trivy";
            case IAC -> dice.chance(0.7) ? "checkov" : "tfsec";
            case DAST -> "zap";
            case API_LINT -> "spectral";
        };
    }

    static FindingCategory categoryFor(ScanType type, Dice dice) {
        return switch (type) {
            case SAST -> FindingCategory.CODE;
            case SECRETS -> FindingCategory.SECRET;
            case SCA, SBOM -> FindingCategory.DEPENDENCY;
            case IMAGE -> FindingCategory.CONTAINER;
            case IAC -> FindingCategory.CONFIGURATION;
            case DAST -> dice.chance(0.6) ? FindingCategory.CODE : FindingCategory.CONFIGURATION;
            case API_LINT -> dice.chance(0.7) ? FindingCategory.OTHER : FindingCategory.CONFIGURATION;
        };
    }

    /** Skewed on purpose: a few defect classes dominate, so a top five means something. */
    static Dice.Weighted<String> defectClasses(FindingCategory category) {
        return switch (category) {
            case CODE -> new Dice.Weighted<String>().add("CWE-79", 30).add("CWE-89", 18).add("CWE-22", 12)
                    .add("CWE-200", 8).add("CWE-918", 7).add("CWE-502", 6).add("CWE-327", 6).add("CWE-352", 5)
                    .add("CWE-611", 4).add("CWE-78", 4);
            case DEPENDENCY -> new Dice.Weighted<String>().add("CWE-1104", 40).add("CWE-502", 15)
                    .add("CWE-1395", 14).add("CWE-400", 12).add("CWE-79", 8).add("CWE-94", 6).add("CWE-918", 5);
            case SECRET -> new Dice.Weighted<String>().add("CWE-798", 90).add("CWE-522", 10);
            case CONFIGURATION -> new Dice.Weighted<String>().add("CWE-16", 25).add("CWE-732", 20)
                    .add("CWE-319", 20).add("CWE-200", 15).add("CWE-327", 10).add("CWE-284", 10);
            case CONTAINER -> new Dice.Weighted<String>().add("CWE-1104", 45).add("CWE-250", 25)
                    .add("CWE-1395", 20).add("CWE-319", 10);
            case OTHER -> new Dice.Weighted<String>().add("CWE-285", 35).add("CWE-200", 30).add("CWE-20", 20)
                    .add("CWE-770", 15);
        };
    }

    static Dice.Weighted<Severity> severities(FindingCategory category) {
        return switch (category) {
            case CODE -> severities(5, 20, 45, 30);
            case DEPENDENCY -> severities(8, 27, 45, 20);
            case SECRET -> severities(30, 55, 15, 0);
            case CONFIGURATION -> severities(3, 17, 45, 35);
            case CONTAINER -> severities(6, 24, 45, 25);
            case OTHER -> severities(2, 13, 45, 40);
        };
    }

    static Dice.Weighted<Exploitability> exploitabilities(FindingCategory category) {
        if (category == FindingCategory.SECRET) {
            // A leaked credential is usable by whoever finds it.
            return new Dice.Weighted<Exploitability>().add(Exploitability.PROVEN, 15)
                    .add(Exploitability.LIKELY, 50).add(Exploitability.PLAUSIBLE, 35);
        }
        return new Dice.Weighted<Exploitability>().add(Exploitability.PROVEN, 4).add(Exploitability.LIKELY, 11)
                .add(Exploitability.PLAUSIBLE, 35).add(Exploitability.THEORETICAL, 50);
    }

    private static Dice.Weighted<Severity> severities(double critical, double high, double medium, double low) {
        return new Dice.Weighted<Severity>().add(Severity.CRITICAL, critical).add(Severity.HIGH, high)
                .add(Severity.MEDIUM, medium).add(Severity.LOW, low);
    }
}
