package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * A GitLab project's history as the webhook payloads GitLab would have sent: each commit of the default branch as a
 * push of that commit and each deployment as a deployment hook (identified, like the hooks, by the job that
 * deployed: {@code gitlab:<project id>:job:<job id>}). A production deployment made by a pipeline becomes that
 * pipeline's hook instead, with its jobs, so the security gate ({@code gitlab.security.jobs}) and pipeline minutes
 * come as the pipeline hook gives them. Vulnerabilities come through {@link GitLabVulnerabilityHistory}. The API root is {@code https://HOST/api/v4}.
 */
public final class GitLabHistory {
    /** A project or group path: {@code group/subgroup/project}. */
    static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}(/[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}){0,20}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ApiClient client;
    private final MappingConfig mapping;
    private final ImportProgress progress;

    public GitLabHistory(ApiClient client, MappingConfig mapping, ImportProgress progress) {
        this.client = client;
        this.mapping = mapping;
        this.progress = progress;
    }

    /** The projects of a group and its subgroups (group-wide mode). */
    public List<String> projects(String group) {
        List<String> projects = new ArrayList<>();
        for (JsonNode p : new Listing(client, progress, "gitlab:" + checked(group)).all("projects",
                client.resolve("/groups/" + enc(group) + "/projects?per_page=100&include_subgroups=true"), null, o -> false)) {
            Listing.text(p, "path_with_namespace").filter(n -> PATH.matcher(n).matches()).ifPresent(projects::add);
        }
        return projects;
    }

    public static String scope(String path) {
        return "gitlab:" + path;
    }

    public List<TimedPayload> payloads(String path, Instant since) {
        JsonNode project = client.get(client.resolve("/projects/" + enc(checked(path)))).body();
        String id = Listing.text(project, "id").filter(s -> s.matches("\\d{1,20}"))
                .orElseThrow(() -> new ApiUnavailable("project " + path + ": the answer has no id", 200));
        ObjectNode ref = MAPPER.createObjectNode();
        ref.put("id", Long.parseLong(id));
        ref.put("path_with_namespace", Listing.text(project, "path_with_namespace").filter(n -> PATH.matcher(n).matches()).orElse(path));
        String branch = Listing.text(project, "default_branch").orElse("main");
        Listing listing = new Listing(client, progress, scope(path));
        List<TimedPayload> out = new ArrayList<>();
        String sinceQuery = since == null ? "" : "&since=" + enc(since.atOffset(ZoneOffset.UTC).toString());
        for (JsonNode c : listing.all("commits", client.resolve("/projects/" + id + "/repository/commits?per_page=100&ref_name="
                + enc(branch) + sinceQuery), null, o -> false)) {
            commit(out, path, ref, branch, c);
        }
        String updatedAfter = since == null ? "" : "&updated_after=" + enc(since.atOffset(ZoneOffset.UTC).toString());
        for (JsonNode d : listing.all("deployments", client.resolve("/projects/" + id
                + "/deployments?per_page=100&order_by=updated_at&sort=asc" + updatedAfter), null, o -> false)) {
            deployment(listing, out, path, ref, d);
        }
        // all of them: the API filters vulnerabilities by nothing like a time, and the import drops what is before --since
        new GitLabVulnerabilityHistory(listing, client, progress, scope(path))
                .payloads(ref, Listing.text(project, "web_url").filter(u -> u.startsWith("https://") || u.startsWith("http://")), out);
        return out;
    }

    private void commit(List<TimedPayload> out, String path, ObjectNode project, String branch, JsonNode c) {
        Optional<String> sha = Listing.text(c, "id");
        Optional<Instant> at = Listing.time(c, "committed_date").or(() -> Listing.time(c, "created_at"));
        if (sha.isEmpty() || at.isEmpty()) {
            progress.note(scope(path) + ": a commit without id or date skipped");
            return;
        }
        ObjectNode push = MAPPER.createObjectNode();
        push.put("object_kind", "push");
        push.put("ref", "refs/heads/" + branch);
        push.set("project", project);
        ObjectNode commit = push.putArray("commits").addObject();
        commit.put("id", sha.get());
        commit.put("timestamp", at.get().atOffset(ZoneOffset.UTC).toString());
        ObjectNode author = commit.putObject("author");
        Listing.text(c, "author_name").ifPresent(n -> author.put("name", n));
        Listing.text(c, "author_email").ifPresent(e -> author.put("email", e));
        out.add(new TimedPayload(at.get(), "push:" + sha.get(), Converters.Source.GITLAB, null, push));
    }

    /** The deployment hook's fields from the REST deployment: its job, environment, status and the time it finished. */
    private void deployment(Listing listing, List<TimedPayload> out, String path, ObjectNode project, JsonNode d) {
        Optional<String> jobId = Listing.text(d, "deployable", "id");
        Optional<String> env = Listing.text(d, "environment", "name");
        // the job's finish first: the job hook (build_finished_at) and the pipeline hook give the same deployment that time
        Optional<Instant> at = Listing.time(d, "deployable", "finished_at").or(() -> Listing.time(d, "finished_at"))
                .or(() -> Listing.time(d, "updated_at"));
        if (jobId.isEmpty() || env.isEmpty() || at.isEmpty()) {
            progress.note(scope(path) + ": deployment " + Listing.text(d, "id").orElse("?")
                    + " without deploying job, environment or time skipped (a deployment made through the API has no job)");
            return;
        }
        String key = "deployment:" + Listing.text(d, "id").orElse(jobId.get());
        Optional<String> tier = Listing.text(d, "environment", "tier");
        Optional<String> pipelineId = Listing.text(d, "deployable", "pipeline", "id").filter(s -> s.matches("\\d{1,20}"));
        if (pipelineId.isPresent() && (mapping.isProduction(env.get()) || tier.filter("production"::equals).isPresent())) {
            Optional<ObjectNode> pipeline = pipelineHook(listing, path, project, d, pipelineId.get(), jobId.get(), env.get(), tier);
            if (pipeline.isPresent()) {
                out.add(new TimedPayload(at.get(), key, Converters.Source.GITLAB, null, pipeline.get()));
                return;
            }
        }
        ObjectNode hook = MAPPER.createObjectNode();
        hook.put("object_kind", "deployment");
        hook.put("status", Listing.text(d, "status").orElse("unknown"));
        hook.put("status_changed_at", at.get().toString());
        hook.put("deployable_id", Long.parseLong(jobId.get()));
        hook.put("environment", env.get());
        tier.ifPresent(t -> hook.put("environment_tier", t));
        hook.set("project", project);
        Listing.text(d, "sha").filter(s -> s.matches("[0-9a-f]{7,64}"))
                .ifPresent(sha -> hook.put("commit_url", client.base() + "/-/commit/" + sha));
        out.add(new TimedPayload(at.get(), key, Converters.Source.GITLAB, null, hook));
    }

    /**
     * The pipeline hook of the pipeline that deployed: its jobs (the Jobs API names no environment, so the deploying
     * job gets the deployment's), and the pipeline's own times. Empty, with a note, when the jobs cannot be read.
     */
    private Optional<ObjectNode> pipelineHook(Listing listing, String path, ObjectNode project, JsonNode d, String pipelineId,
                                              String jobId, String env, Optional<String> tier) {
        List<JsonNode> jobs;
        try {
            jobs = listing.all("pipeline jobs", client.resolve("/projects/" + project.path("id").asText() + "/pipelines/" + pipelineId
                    + "/jobs?per_page=100"), null, o -> false);
        } catch (ApiUnavailable e) {
            if (!e.notAvailableHere()) {
                throw e;
            }
            progress.note(scope(path) + ": jobs of pipeline " + pipelineId + " not read (" + e.getMessage() + "): its deployment imported without a security gate");
            return Optional.empty();
        }
        JsonNode pipeline = d.path("deployable").path("pipeline");
        ObjectNode hook = MAPPER.createObjectNode();
        hook.put("object_kind", "pipeline");
        ObjectNode attributes = hook.putObject("object_attributes");
        attributes.put("id", Long.parseLong(pipelineId));
        for (String field : List.of("sha", "ref", "status", "created_at", "finished_at")) {
            Listing.text(pipeline, field).ifPresent(v -> attributes.put(field, v));
        }
        hook.set("project", project);
        ArrayNode builds = hook.putArray("builds");
        for (JsonNode job : jobs) {
            ObjectNode b = builds.addObject();
            for (String field : List.of("id", "name", "stage", "status", "started_at", "finished_at")) {
                Listing.text(job, field).ifPresent(v -> b.put(field, v));
            }
            if (Listing.text(job, "id").filter(jobId::equals).isPresent()) {
                ObjectNode environment = b.putObject("environment");
                environment.put("name", env);
                environment.put("action", "start");
                tier.ifPresent(t -> environment.put("deployment_tier", t));
            }
        }
        return Optional.of(hook);
    }

    private static String checked(String path) {
        if (!PATH.matcher(path).matches() || path.contains("..")) {
            throw new IllegalArgumentException("not a GitLab project or group path (group/project): '" + path + "'");
        }
        return path;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
