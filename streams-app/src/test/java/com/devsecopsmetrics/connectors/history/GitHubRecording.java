package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.history.RecordedApi.Answer;

import java.util.Map;

/**
 * A recorded GitHub history of two repositories, in the REST shapes of GitHub's API documentation, built from the
 * objects of the webhook fixtures (a webhook embeds the REST object). Codertocat/Hello-World: two commits over two
 * pages, a deployment with its status, a dismissed code scanning alert behind a 429, a resolved secret scanning
 * alert, and two Dependabot alerts over two pages behind a 502. octo-org/octo-repo: a completed workflow run, its
 * alerts not enabled (404).
 */
public final class GitHubRecording {
    static final String HELLO = "/repos/Codertocat/Hello-World";
    static final String OCTO = "/repos/octo-org/octo-repo";

    private GitHubRecording() {
    }

    public static RecordedApi serve(RecordedApi api) {
        api.on(HELLO, Answer.json("github/hello-world.repo.json"))
                .on(HELLO + "/commits", Answer.json("github/hello-world.commits.1.json").withHeader("Link", api.link(HELLO + "/commits", 2)))
                .on(HELLO + "/commits?page=2", Answer.json("github/hello-world.commits.2.json"))
                .on(HELLO + "/deployments", Answer.json("github/hello-world.deployments.json"))
                .on(HELLO + "/deployments/145988746/statuses", Answer.json("github/hello-world.statuses.json"))
                .on(HELLO + "/actions/runs", Answer.body("{\"total_count\": 0, \"workflow_runs\": []}"))
                .on(HELLO + "/code-scanning/alerts", Answer.status(429, Map.of("Retry-After", "1")),
                        Answer.json("github/hello-world.code-scanning.json"))
                .on(HELLO + "/secret-scanning/alerts", Answer.json("github/hello-world.secret-scanning.json")
                        .withHeader("X-RateLimit-Remaining", "4999").withHeader("X-RateLimit-Reset", "1700000000"))
                .on(HELLO + "/dependabot/alerts", Answer.status(502, Map.of()),
                        Answer.json("github/hello-world.dependabot.1.json").withHeader("Link", api.link(HELLO + "/dependabot/alerts", 2)))
                .on(HELLO + "/dependabot/alerts?page=2", Answer.json("github/hello-world.dependabot.2.json"));
        api.on(OCTO, Answer.json("github/octo-repo.repo.json"))
                .on(OCTO + "/commits", Answer.body("[]"))
                .on(OCTO + "/deployments", Answer.body("[]"))
                .on(OCTO + "/actions/runs", Answer.json("github/octo-repo.runs.json"));
        return api;
    }
}
