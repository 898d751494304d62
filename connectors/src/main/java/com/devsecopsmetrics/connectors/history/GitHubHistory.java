package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A GitHub repository's history as the webhook payloads GitHub would have sent: each commit of the default branch
 * as a push of that commit, each deployment status as {@code deployment_status}, each completed workflow run as
 * {@code workflow_run} (when {@code github.deployment.workflows} names deployment workflows), and the alerts
 * through {@link GitHubAlerts}. The REST objects are the ones the webhooks embed, so the converters read them as is.
 */
public final class GitHubHistory {
    /** GitHub's owner and repository names: letters, digits, '.', '-', '_'. Anything else never reaches a URL. */
    static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9._-]{1,100}");
    static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ApiClient client;
    private final MappingConfig mapping;
    private final ImportProgress progress;

    public GitHubHistory(ApiClient client, MappingConfig mapping, ImportProgress progress) {
        this.client = client;
        this.mapping = mapping;
        this.progress = progress;
    }

    /** The repositories of an organisation (org-wide mode), archived ones included: their history counts too. */
    public List<String> repositories(String org) {
        if (!OWNER.matcher(org).matches()) {
            throw new IllegalArgumentException("not a GitHub organisation name: '" + org + "'");
        }
        List<String> repos = new ArrayList<>();
        for (JsonNode r : new Listing(client, progress, "github:" + org).all("repositories",
                client.resolve("/orgs/" + org + "/repos?per_page=100&type=all"), null, o -> false)) {
            Listing.text(r, "full_name").filter(n -> REPO.matcher(n).matches()).ifPresent(repos::add);
        }
        return repos;
    }

    public List<TimedPayload> payloads(String fullName, Instant since) {
        if (!REPO.matcher(fullName).matches()) {
            throw new IllegalArgumentException("not a GitHub repository (owner/name): '" + fullName + "'");
        }
        String scope = scope(fullName);
        JsonNode repository = client.get(client.resolve("/repos/" + fullName)).body();
        String defaultBranch = Listing.text(repository, "default_branch").orElse("main");
        ObjectNode repo = MAPPER.createObjectNode();
        repo.put("full_name", Listing.text(repository, "full_name").filter(n -> REPO.matcher(n).matches()).orElse(fullName));
        repo.put("default_branch", defaultBranch);
        Listing listing = new Listing(client, progress, scope);
        List<TimedPayload> payloads = new ArrayList<>();
        commits(listing, fullName, repo, defaultBranch, since, payloads);
        deployments(listing, fullName, repo, since, payloads);
        if (mapping.deploymentWorkflows() != null) {
            workflowRuns(listing, fullName, repo, since, payloads);
        } else {
            progress.note(scope + ": workflow runs not read: " + MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS + " names no deployment workflow");
        }
        new GitHubAlerts(listing, client, progress, scope).payloads(fullName, repo, payloads);
        return payloads;
    }

    public static String scope(String fullName) {
        return "github:" + fullName;
    }

    private void commits(Listing listing, String fullName, ObjectNode repo, String branch, Instant since, List<TimedPayload> out) {
        String query = "?per_page=100&sha=" + URLEncoder.encode(branch, StandardCharsets.UTF_8) + (since == null ? "" : "&since=" + since);
        for (JsonNode c : listing.all("commits", client.resolve("/repos/" + fullName + "/commits" + query), null, o -> false)) {
            Optional<String> sha = Listing.text(c, "sha");
            Optional<Instant> at = Listing.time(c, "commit", "committer", "date").or(() -> Listing.time(c, "commit", "author", "date"));
            if (sha.isEmpty() || at.isEmpty()) {
                progress.note(scope(fullName) + ": a commit without sha or date skipped");
                continue;
            }
            ObjectNode push = MAPPER.createObjectNode();
            push.put("ref", "refs/heads/" + branch);
            push.set("repository", repo);
            ObjectNode commit = push.putArray("commits").addObject();
            commit.put("id", sha.get());
            commit.put("timestamp", at.get().atOffset(ZoneOffset.UTC).toString());
            ObjectNode author = commit.putObject("author");
            Listing.text(c, "commit", "author", "name").ifPresent(n -> author.put("name", n));
            Listing.text(c, "author", "login").ifPresent(n -> author.put("username", n));
            out.add(new TimedPayload(at.get(), "push:" + sha.get(), Converters.Source.GITHUB, "push", push));
        }
    }

    private void deployments(Listing listing, String fullName, ObjectNode repo, Instant since, List<TimedPayload> out) {
        for (JsonNode d : listing.all("deployments", client.resolve("/repos/" + fullName + "/deployments?per_page=100"), null,
                Listing.createdBefore(since, "created_at"))) {
            Optional<String> id = Listing.text(d, "id").filter(s -> s.matches("\\d{1,20}"));
            if (id.isEmpty()) {
                progress.note(scope(fullName) + ": a deployment without id skipped");
                continue;
            }
            for (JsonNode s : listing.all("deployment statuses",
                    client.resolve("/repos/" + fullName + "/deployments/" + id.get() + "/statuses?per_page=100"), null, o -> false)) {
                Optional<Instant> at = Listing.time(s, "created_at").or(() -> Listing.time(s, "updated_at"));
                Optional<String> statusId = Listing.text(s, "id");
                if (at.isEmpty() || statusId.isEmpty()) {
                    progress.note(scope(fullName) + ": a status of deployment " + id.get() + " without id or time skipped");
                    continue;
                }
                ObjectNode payload = MAPPER.createObjectNode();
                payload.put("action", "created");
                payload.set("deployment_status", s);
                payload.set("deployment", d);
                payload.set("repository", repo);
                out.add(new TimedPayload(at.get(), "deployment_status:" + id.get() + ":" + statusId.get(), Converters.Source.GITHUB,
                        "deployment_status", payload));
            }
        }
    }

    private void workflowRuns(Listing listing, String fullName, ObjectNode repo, Instant since, List<TimedPayload> out) {
        String query = "?per_page=100&status=completed" + (since == null ? "" : "&created=%3E%3D" + since.atOffset(ZoneOffset.UTC).toLocalDate());
        for (JsonNode run : listing.all("workflow runs", client.resolve("/repos/" + fullName + "/actions/runs" + query), "workflow_runs",
                o -> false)) {
            Optional<String> id = Listing.text(run, "id");
            Optional<Instant> at = Listing.time(run, "updated_at").or(() -> Listing.time(run, "run_started_at"));
            if (id.isEmpty() || at.isEmpty()) {
                progress.note(scope(fullName) + ": a workflow run without id or time skipped");
                continue;
            }
            ObjectNode payload = MAPPER.createObjectNode();
            payload.put("action", "completed");
            payload.set("workflow_run", run);
            ObjectNode workflow = payload.putObject("workflow");
            Listing.text(run, "name").ifPresent(n -> workflow.put("name", n));
            Listing.text(run, "path").ifPresent(p -> workflow.put("path", p));
            payload.set("repository", repo);
            out.add(new TimedPayload(at.get(), "workflow_run:" + id.get(), Converters.Source.GITHUB, "workflow_run", payload));
        }
    }
}
