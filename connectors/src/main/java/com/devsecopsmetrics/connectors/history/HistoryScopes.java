package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.MappingConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one import run covers, scope by scope (a GitHub repository, a GitLab project, the PagerDuty account): the
 * repositories or projects named, or all of an organisation or group. Each scope's payloads are read only when its
 * turn comes, so a long org-wide run holds one repository's history at a time.
 */
public final class HistoryScopes {
    /** One scope: its checkpoint name and how to read its payloads. */
    public record Scope(String name, Supplier<List<TimedPayload>> payloads) {
    }

    private final HistorySource source;
    private final ApiClient client;
    private final MappingConfig mapping;
    private final ImportProgress progress;

    public HistoryScopes(HistorySource source, ApiClient client, MappingConfig mapping, ImportProgress progress) {
        this.source = source;
        this.client = client;
        this.mapping = mapping;
        this.progress = progress;
    }

    public List<Scope> of(List<String> repos, String org, List<String> projects, String group, List<String> services, Instant since) {
        List<Scope> scopes = new ArrayList<>();
        switch (source) {
            case GITHUB -> {
                GitHubHistory github = new GitHubHistory(client, mapping, progress);
                List<String> names = new ArrayList<>(repos);
                if (org != null) {
                    names.addAll(github.repositories(org));
                }
                require(!names.isEmpty(), "github: give --repo owner/name or --org ORG");
                names.stream().distinct().forEach(r -> scopes.add(new Scope(GitHubHistory.scope(r), () -> github.payloads(r, since))));
            }
            case GITLAB -> {
                GitLabHistory gitlab = new GitLabHistory(client, mapping, progress);
                List<String> paths = new ArrayList<>(projects);
                if (group != null) {
                    paths.addAll(gitlab.projects(group));
                }
                require(!paths.isEmpty(), "gitlab: give --project group/project or --group GROUP");
                paths.stream().distinct().forEach(p -> scopes.add(new Scope(GitLabHistory.scope(p), () -> gitlab.payloads(p, since))));
            }
            case PAGERDUTY -> {
                PagerDutyHistory pagerduty = new PagerDutyHistory(client, progress);
                // one checkpoint per service filter: a run over other services must not resume from this one's cursor
                String name = services.isEmpty() ? PagerDutyHistory.scope() : PagerDutyHistory.scope() + ":" + String.join(",", services.stream().sorted().toList());
                scopes.add(new Scope(name, () -> pagerduty.payloads(since, Instant.now(), services)));
            }
        }
        return scopes;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
