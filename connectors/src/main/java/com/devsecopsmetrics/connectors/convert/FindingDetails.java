package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingLocation;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tool says about a finding besides its state: title, rule, file and line, link, CVEs. Each is optional in
 * the contract, so a value a tool sends that the contract would refuse (a 300-character rule id, a javascript:
 * link, line 0) is left out rather than costing the finding itself: the finding still counts, without that detail.
 */
final class FindingDetails {
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}", Pattern.CASE_INSENSITIVE);

    private String title;
    private String ruleId;
    private String repository;
    private String path;
    private Integer startLine;
    private String url;
    private final List<String> cveIds = new ArrayList<>();

    FindingDetails title(Optional<String> text) {
        // one line of text: tools wrap long descriptions, and the page shows the title in a table cell
        text.map(t -> t.replaceAll("\\s+", " ").strip()).filter(t -> !t.isEmpty())
                .ifPresent(t -> title = t.length() > ContractRules.MAX_STRING_LENGTH ? t.substring(0, ContractRules.MAX_STRING_LENGTH) : t);
        return this;
    }

    FindingDetails ruleId(Optional<String> id) {
        ruleId = id.map(String::strip).filter(ContractRules::isIdentifier).orElse(null);
        return this;
    }

    FindingDetails location(String repo, Optional<String> file, Optional<Integer> line) {
        repository = repo != null && ContractRules.isIdentifier(repo) ? repo : null;
        path = file.filter(f -> !f.isBlank() && f.length() <= ContractRules.MAX_STRING_LENGTH).orElse(null);
        startLine = line.filter(l -> l >= 1).orElse(null);
        return this;
    }

    FindingDetails url(Optional<String> link) {
        url = link.map(String::strip).filter(l -> l.length() <= ContractRules.MAX_STRING_LENGTH && ContractRules.isWebLink(l)).orElse(null);
        return this;
    }

    /** Every CVE id named in {@code text} (a rule id, a tag list), upper-cased, once each, in order. */
    FindingDetails cvesIn(String text) {
        Matcher m = CVE.matcher(text == null ? "" : text);
        while (m.find() && cveIds.size() < ContractRules.MAX_LIST_ITEMS) {
            String id = m.group().toUpperCase(Locale.ROOT);
            if (!cveIds.contains(id)) {
                cveIds.add(id);
            }
        }
        return this;
    }

    FindingDetails cvesIn(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? this : cvesIn(node.isTextual() ? node.asText() : node.toString());
    }

    /** A line number as tools send it: a positive integer, else none. */
    static Optional<Integer> line(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 1 ? Optional.of(node.asInt()) : Optional.empty();
    }

    Finding.Builder applyTo(Finding.Builder finding) {
        return finding.setTitle(title).setRuleId(ruleId).setUrl(url).setCveIds(cveIds.isEmpty() ? null : List.copyOf(cveIds))
                .setLocation(path == null ? null : new FindingLocation(repository, path, startLine));
    }
}
