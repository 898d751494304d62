package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.SecurityGate;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.devsecopsmetrics.connectors.convert.Payloads.firstTime;
import static com.devsecopsmetrics.connectors.convert.Payloads.required;
import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/**
 * GitLab webhook payloads (kind from {@code object_kind}) to contract events; README has the mapping table. A
 * deployment is identified by the job that deploys ({@code gitlab:<project id>:job:<job id>}), so the pipeline,
 * job and deployment hooks of the same deployment name the same deployment.
 */
public final class GitLabConverter {
    private final MappingConfig mapping;
    private final ReleaseTracker releases;
    private final Incidents incidents;
    private final GitLabVulnerabilities vulnerabilities;

    public GitLabConverter(MappingConfig mapping, ReleaseTracker releases) {
        this.mapping = mapping;
        this.releases = releases;
        this.incidents = new Incidents(mapping, releases);
        this.vulnerabilities = new GitLabVulnerabilities(mapping);
    }

    public Conversion convert(JsonNode p, SourceContext ctx) {
        String kind = text(p, "object_kind").orElseThrow(() -> new UnreadablePayload("not a GitLab webhook payload: no 'object_kind'"));
        return switch (kind) {
            case "push" -> push(p, ctx);
            case "pipeline" -> pipeline(p, ctx);
            case "build" -> job(p, ctx);
            case "deployment" -> deployment(p, ctx);
            case "issue", "work_item" -> issue(p, ctx);
            case "vulnerability" -> vulnerability(p, ctx);
            case "tag_push" -> Conversion.skip("tag push " + text(p, "ref").orElse("?") + ": a tag ships no new commits (its commits come with their branch push)");
            default -> Conversion.skip("GitLab event '" + kind + "' is not mapped to the contract");
        };
    }

    private String repo(JsonNode p, SourceContext ctx) {
        return ctx.repo().or(() -> text(p, "project", "path_with_namespace"))
                .or(() -> text(p, "repository", "homepage").map(GitLabConverter::pathOf))
                .orElseThrow(() -> new UnreadablePayload("missing field 'project.path_with_namespace'"));
    }

    private static String pathOf(String url) {
        String path = URI.create(url).getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private String service(JsonNode p, SourceContext ctx) {
        return ctx.service().orElseGet(() -> mapping.serviceOf(repo(p, ctx)));
    }

    private String projectId(JsonNode p) {
        return text(p, "project", "id").or(() -> text(p, "project_id")).orElseThrow(() -> new UnreadablePayload("missing field 'project.id'"));
    }

    /** Only the import's payloads: GitLab's own vulnerability hook (an {@code object_attributes} shape) is not mapped. */
    private Conversion vulnerability(JsonNode p, SourceContext ctx) {
        if (!p.path("vulnerability").isObject()) {
            return Conversion.skip("GitLab vulnerability hooks are not mapped: vulnerability findings come from 'bin/dsm import gitlab'");
        }
        return vulnerabilities.convert(p.path("vulnerability"), text(p, "action").orElse("?"), text(p, "web_url"),
                repo(p, ctx), service(p, ctx), ctx);
    }

    private Conversion push(JsonNode p, SourceContext ctx) {
        return Pushes.commits(p, repo(p, ctx), service(p, ctx), releases, ctx, c -> text(c, "author", "email").or(() -> text(c, "author", "name")));
    }

    /**
     * A pipeline is a deployment when one of its jobs deploys to a production environment. Its security gate comes
     * from the jobs named by {@code gitlab.security.jobs}: all succeeded PASSED, any failed, skipped or manual
     * while the deployment went ahead BYPASSED, none NOT_RUN.
     */
    private Conversion pipeline(JsonNode p, SourceContext ctx) {
        String pipelineId = required(p, "object_attributes", "id");
        JsonNode deployJob = null;
        List<JsonNode> securityJobs = new ArrayList<>();
        for (JsonNode job : p.path("builds")) {
            String env = text(job, "environment", "name").orElse(null);
            if (env != null && isProduction(env, text(job, "environment", "deployment_tier").orElse(null))
                    && !"stop".equals(text(job, "environment", "action").orElse("start"))) {
                deployJob = job;
            } else if (mapping.securityJobs().matcher(text(job, "name").orElse("") + " " + text(job, "stage").orElse("")).find()) {
                securityJobs.add(job);
            }
        }
        if (deployJob == null) {
            return Conversion.skip("pipeline " + pipelineId + " has no job deploying to a production environment ("
                    + MappingConfig.PRODUCTION_ENVIRONMENTS + ")");
        }
        String jobName = text(deployJob, "name").orElse("?");
        String jobStatus = text(deployJob, "status").orElse("?");
        DeploymentStatus status = outcome(jobStatus);
        if (status == null) {
            return Conversion.skip("pipeline " + pipelineId + ": production job '" + jobName + "' is " + jobStatus
                    + ", so this pipeline is not a production deployment");
        }
        SecurityGate gate = SecurityGate.NOT_RUN;
        String bypass = null;
        if (!securityJobs.isEmpty()) {
            List<String> notPassed = securityJobs.stream().filter(j -> !"success".equals(text(j, "status").orElse("")))
                    .map(j -> text(j, "name").orElse("?") + " " + text(j, "status").orElse("?")).toList();
            gate = notPassed.isEmpty() ? SecurityGate.PASSED : SecurityGate.BYPASSED;
            bypass = notPassed.isEmpty() ? null : "security jobs not passed: " + String.join(", ", notPassed);
        }
        Instant at = firstTime(deployJob, "finished_at").or(() -> firstTime(p, "object_attributes.finished_at")).orElse(ctx.receivedAt());
        Long minutes = firstTime(p, "object_attributes.created_at")
                .map(start -> Duration.between(start, at).toMinutes()).filter(m -> m >= 0).orElse(null);
        String sha = text(p, "object_attributes", "sha").orElse(null);
        String id = "gitlab:" + projectId(p) + ":job:" + required(deployJob, "id");
        Deployment d = deploymentEvent(p, ctx, id, "production", true, status, at, sha)
                .setSecurityGate(gate).setGateBypassReason(bypass).setPipelineMinutes(minutes).build();
        return sent(p, ctx, d);
    }

    private Conversion job(JsonNode p, SourceContext ctx) {
        String jobId = required(p, "build_id");
        String env = text(p, "environment", "name").orElse(null);
        if (env == null || "stop".equals(text(p, "environment", "action").orElse("start"))) {
            return Conversion.skip("job " + jobId + " (" + text(p, "build_name").orElse("?") + ") deploys to no environment");
        }
        String jobStatus = text(p, "build_status").orElse("?");
        DeploymentStatus status = outcome(jobStatus);
        if (status == null) {
            return Conversion.skip("job " + jobId + " deploying to " + env + " is " + jobStatus + ": not a final deployment outcome");
        }
        boolean production = isProduction(env, text(p, "environment", "deployment_tier").orElse(null));
        Instant at = firstTime(p, "build_finished_at", "build_started_at").orElse(ctx.receivedAt());
        String id = "gitlab:" + projectId(p) + ":job:" + jobId;
        return sent(p, ctx, deploymentEvent(p, ctx, id, env, production, status, at, text(p, "sha").orElse(null)).build());
    }

    private Conversion deployment(JsonNode p, SourceContext ctx) {
        String env = required(p, "environment");
        String state = text(p, "status").orElse("?");
        String jobId = required(p, "deployable_id");
        DeploymentStatus status = outcome(state);
        if (status == null) {
            return Conversion.skip("deployment of job " + jobId + " to " + env + " is " + state + ": not a final deployment outcome");
        }
        boolean production = isProduction(env, text(p, "environment_tier").orElse(null));
        Instant at = firstTime(p, "status_changed_at").orElse(ctx.receivedAt());
        String sha = text(p, "commit_url").map(u -> u.substring(u.lastIndexOf('/') + 1)).orElse(null);
        String id = "gitlab:" + projectId(p) + ":job:" + jobId;
        return sent(p, ctx, deploymentEvent(p, ctx, id, env, production, status, at, sha).build());
    }

    private static DeploymentStatus outcome(String status) {
        return switch (status) {
            case "success" -> DeploymentStatus.SUCCEEDED;
            case "failed" -> DeploymentStatus.FAILED;
            default -> null; // created, pending, running, manual, skipped, canceled: nothing was (or is yet) deployed
        };
    }

    private boolean isProduction(String env, String tier) {
        return mapping.isProduction(env) || "production".equals(tier);
    }

    private Deployment.Builder deploymentEvent(JsonNode p, SourceContext ctx, String id, String env, boolean production,
                                               DeploymentStatus status, Instant at, String sha) {
        boolean ships = production && status == DeploymentStatus.SUCCEEDED;
        return Deployment.newBuilder().setDeploymentId(id).setServiceId(service(p, ctx))
                .setEnvironment(production ? "production" : env).setStatus(status).setDeployedAt(at)
                .setCommitIds(releases.ship(repo(p, ctx), id, sha, ships))
                .setIsHotfix(false).setSecurityGate(SecurityGate.NOT_RUN).setEvidence(List.of());
    }

    private Conversion sent(JsonNode p, SourceContext ctx, Deployment d) {
        if ("production".equals(d.getEnvironment()) && d.getStatus() == DeploymentStatus.SUCCEEDED) {
            releases.sent(repo(p, ctx), d);
        }
        return Conversion.of(List.of(ContractEvent.of(d)));
    }

    private Conversion issue(JsonNode p, SourceContext ctx) {
        JsonNode a = p.path("object_attributes");
        List<String> labels = new ArrayList<>();
        (p.has("labels") ? p.path("labels") : a.path("labels")).forEach(l -> labels.add(l.path("title").asText()));
        boolean nativeIncident = "incident".equalsIgnoreCase(text(a, "issue_type").or(() -> text(a, "type")).orElse(""));
        String key = "gitlab:" + repo(p, ctx) + "#" + required(a, "iid");
        String action = text(a, "action").orElse("?");
        Optional<Instant> opened = firstTime(a, "created_at");
        Optional<Instant> updated = firstTime(a, "updated_at");
        Incidents.Change change = switch (action) {
            case "open" -> new Incidents.Change(true, opened.orElse(ctx.receivedAt()));
            case "reopen" -> new Incidents.Change(true, updated.orElse(ctx.receivedAt()));
            case "close" -> new Incidents.Change(false, firstTime(a, "closed_at").or(() -> updated).orElse(ctx.receivedAt()));
            case "update" -> labelAdded(p) ? new Incidents.Change(true, updated.orElse(ctx.receivedAt())) : null;
            default -> null;
        };
        return incidents.fromIssue(key, service(p, ctx), labels, nativeIncident, action, change, opened.orElse(ctx.receivedAt()),
                text(a, "title").orElse("") + "\n" + text(a, "description").orElse(""));
    }

    /** An update that added the incident label makes the issue an incident from then on. */
    private boolean labelAdded(JsonNode p) {
        JsonNode previous = p.path("changes").path("labels").path("previous");
        JsonNode current = p.path("changes").path("labels").path("current");
        boolean before = false;
        boolean after = false;
        for (JsonNode l : previous) {
            before |= l.path("title").asText().equalsIgnoreCase(mapping.incidentLabel());
        }
        for (JsonNode l : current) {
            after |= l.path("title").asText().equalsIgnoreCase(mapping.incidentLabel());
        }
        return after && !before;
    }
}
