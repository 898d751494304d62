package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingLocation;

import java.util.List;

/**
 * What a tool says about a finding besides its lifecycle: title, rule, file and line, link, CVEs. Worked out from
 * the finding's id and attributes without the dice, so adding them left every other generated value (and the
 * pinned outputs) as it was. A finding no tool reported has none; one whose tool sends no file (configuration,
 * other) has no location.
 */
final class FindingDetails {
    private static final List<String> CODE_FOLDERS = List.of("src/main/java/app/web", "src/main/java/app/store", "internal/api", "lib/handlers");
    private static final List<String> MANIFESTS = List.of("pom.xml", "package-lock.json", "go.sum", "requirements.txt");

    private FindingDetails() {
    }

    static Finding.Builder fill(Finding.Builder finding, String findingId, FindingCategory category, String defectClass,
                                String scanner, String repository) {
        if (scanner == null) {
            return finding;
        }
        int h = findingId.hashCode() & 0x7fffffff;
        String tool = scanner;
        String rule = tool + "." + defectClass.toLowerCase().replace("cwe-", "cwe") + "." + (h % 7);
        finding.setRuleId(rule).setTitle(defectClass + " reported by " + tool + " (rule " + rule + ")")
                .setUrl("https://security.example.com/" + tool + "/findings/" + findingId);
        switch (category) {
            case CODE, SECRET -> finding.setLocation(new FindingLocation(repository,
                    CODE_FOLDERS.get(h % CODE_FOLDERS.size()) + "/File" + (h % 40) + ".java", 1 + h % 400));
            case DEPENDENCY, CONTAINER -> finding.setLocation(new FindingLocation(repository, MANIFESTS.get(h % MANIFESTS.size()), null))
                    .setCveIds(List.of("CVE-20" + (18 + h % 8) + "-" + (1000 + h % 50_000)));
            default -> {
                // configuration and other findings: the tools send no file
            }
        }
        return finding;
    }
}
