package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Severity;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.devsecopsmetrics.connectors.convert.Payloads.firstTime;
import static com.devsecopsmetrics.connectors.convert.Payloads.required;
import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/** GitHub webhook payloads (event type from {@code X-GitHub-Event}) to contract events; README has the mapping table. */
public final class GitHubConverter {
    private final MappingConfig mapping;
    private final ReleaseTracker releases;
    private final Incidents incidents;

    public GitHubConverter(MappingConfig mapping, ReleaseTracker releases) {
        this.mapping = mapping;
        this.releases = releases;
        this.incidents = new Incidents(mapping, releases);
    }

    public Conversion convert(String eventType, JsonNode p, SourceContext ctx) {
        String type = eventType != null ? eventType : infer(p).orElseThrow(() ->
                new UnreadablePayload("cannot tell the GitHub event type: give it (X-GitHub-Event header, --event-type)"));
        return switch (type) {
            case "push" -> push(p, ctx);
            case "deployment" -> Conversion.skip("deployment " + text(p, "deployment", "id").orElse("?")
                    + " created: it has no outcome yet; its deployment_status event carries it");
            case "deployment_status" -> deploymentStatus(p, ctx);
            case "workflow_run" -> workflowRun(p, ctx);
            case "issues" -> issue(p, ctx);
            case "code_scanning_alert" -> codeScanningAlert(p, ctx);
            case "dependabot_alert" -> dependabotAlert(p, ctx);
            case "secret_scanning_alert" -> secretScanningAlert(p, ctx);
            case "ping" -> Conversion.skip("ping (hook " + text(p, "hook_id").orElse("?") + "): nothing to convert");
            default -> Conversion.skip("GitHub event type '" + type + "' is not mapped to the contract");
        };
    }

    /** The event type of a payload read from a file (no header): from the fields only that type has. */
    public static Optional<String> infer(JsonNode p) {
        if (p.has("zen") && p.has("hook_id")) {
            return Optional.of("ping");
        } else if (p.has("deployment_status")) {
            return Optional.of("deployment_status");
        } else if (p.has("deployment")) {
            return Optional.of("deployment"); // before workflow_run: a deployment made by a workflow carries its run too
        } else if (p.has("workflow_run")) {
            return Optional.of("workflow_run");
        } else if (p.has("alert") && p.path("alert").has("secret_type")) {
            return Optional.of("secret_scanning_alert");
        } else if (p.has("alert") && p.path("alert").has("security_advisory")) {
            return Optional.of("dependabot_alert");
        } else if (p.has("alert") && p.path("alert").has("rule")) {
            return Optional.of("code_scanning_alert");
        } else if (p.has("issue") && !p.has("comment")) {
            return Optional.of("issues");
        } else if (p.has("pusher") && p.has("commits")) {
            return Optional.of("push");
        }
        return Optional.empty();
    }

    private String repo(JsonNode p, SourceContext ctx) {
        return ctx.repo().orElseGet(() -> required(p, "repository", "full_name"));
    }

    private String service(JsonNode p, SourceContext ctx) {
        return ctx.service().orElseGet(() -> mapping.serviceOf(repo(p, ctx)));
    }

    private Conversion push(JsonNode p, SourceContext ctx) {
        return Pushes.commits(p, repo(p, ctx), service(p, ctx), releases, ctx, c -> text(c, "author", "username").or(() -> text(c, "author", "name")));
    }

    private Conversion deploymentStatus(JsonNode p, SourceContext ctx) {
        JsonNode d = p.path("deployment");
        String id = required(d, "id");
        String state = required(p, "deployment_status", "state");
        DeploymentStatus status = switch (state) {
            case "success" -> DeploymentStatus.SUCCEEDED;
            case "failure", "error" -> DeploymentStatus.FAILED;
            default -> null;
        };
        if (status == null) {
            return Conversion.skip("deployment " + id + " status '" + state + "' is not final (success, failure or error)");
        }
        String environment = text(p, "deployment_status", "environment").or(() -> text(d, "environment")).orElse("unknown");
        boolean production = d.path("production_environment").asBoolean(false) || mapping.isProduction(environment);
        Instant at = firstTime(p, "deployment_status.created_at", "deployment_status.updated_at").orElse(ctx.receivedAt());
        return deployment(p, ctx, id, environment, production, status, at, text(d, "sha").orElse(null), d.path("payload"));
    }

    private Conversion workflowRun(JsonNode p, SourceContext ctx) {
        JsonNode run = p.path("workflow_run");
        String id = required(run, "id");
        String name = text(p, "workflow", "name").or(() -> text(run, "name")).orElse("");
        String path = text(run, "path").or(() -> text(p, "workflow", "path")).orElse("");
        if (mapping.deploymentWorkflows() == null
                || !(mapping.deploymentWorkflows().matcher(name).find() || mapping.deploymentWorkflows().matcher(path).find())) {
            return Conversion.skip("workflow '" + (name.isEmpty() ? path : name) + "' (run " + id + ") is not a deployment workflow ("
                    + MappingConfig.GITHUB_DEPLOYMENT_WORKFLOWS + ")");
        }
        String conclusion = text(run, "conclusion").orElse(null);
        if (!"completed".equals(p.path("action").asText()) || conclusion == null) {
            return Conversion.skip("workflow run " + id + " is not completed (action " + p.path("action").asText()
                    + ", status " + text(run, "status").orElse("?") + ")");
        }
        DeploymentStatus status = switch (conclusion) {
            case "success" -> DeploymentStatus.SUCCEEDED;
            case "failure", "timed_out" -> DeploymentStatus.FAILED;
            default -> null;
        };
        if (status == null) {
            return Conversion.skip("workflow run " + id + " concluded '" + conclusion + "': not a deployment outcome");
        }
        Instant at = firstTime(run, "updated_at", "run_started_at", "created_at").orElse(ctx.receivedAt());
        return deployment(p, ctx, "workflow-run-" + id, "production", true, status, at, text(run, "head_sha").orElse(null), null);
    }

    private Conversion deployment(JsonNode p, SourceContext ctx, String id, String environment, boolean production,
                                  DeploymentStatus status, Instant at, String sha, JsonNode conventions) {
        String repo = repo(p, ctx);
        List<String> notes = new ArrayList<>();
        Deployment.Builder b = Deployment.newBuilder()
                .setDeploymentId(id).setServiceId(service(p, ctx))
                .setEnvironment(production ? "production" : environment)
                .setStatus(status).setDeployedAt(at)
                .setCommitIds(releases.ship(repo, id, sha, production && status == DeploymentStatus.SUCCEEDED))
                .setIsHotfix(false).setSecurityGate(SecurityGate.NOT_RUN).setEvidence(List.of());
        DeploymentConventions.apply(conventions, b, notes);
        Deployment deployment = b.build();
        if (production && status == DeploymentStatus.SUCCEEDED) {
            releases.sent(repo, deployment);
        }
        return new Conversion(List.of(ContractEvent.of(deployment)), notes);
    }

    private Conversion issue(JsonNode p, SourceContext ctx) {
        JsonNode issue = p.path("issue");
        List<String> labels = new ArrayList<>();
        issue.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        String key = "github:" + repo(p, ctx) + "#" + required(issue, "number");
        String action = p.path("action").asText();
        String label = text(p, "label", "name").orElse(null);
        Optional<Instant> opened = firstTime(issue, "created_at");
        Optional<Instant> updated = firstTime(issue, "updated_at");
        Incidents.Change change = switch (action) {
            case "opened" -> new Incidents.Change(true, opened.orElse(ctx.receivedAt()));
            case "reopened" -> new Incidents.Change(true, updated.orElse(ctx.receivedAt()));
            case "labeled" -> mapping.incidentLabel().equalsIgnoreCase(label) ? new Incidents.Change(true, updated.orElse(ctx.receivedAt())) : null;
            case "closed" -> new Incidents.Change(false, firstTime(issue, "closed_at").or(() -> updated).orElse(ctx.receivedAt()));
            default -> null;
        };
        return incidents.fromIssue(key, service(p, ctx), labels, false, action, change,
                opened.orElse(ctx.receivedAt()), text(issue, "title").orElse("") + "\n" + text(issue, "body").orElse(""));
    }

    private Conversion codeScanningAlert(JsonNode p, SourceContext ctx) {
        JsonNode a = p.path("alert");
        String action = p.path("action").asText();
        String number = required(a, "number");
        FindingStatus status;
        Optional<Instant> at;
        switch (action) {
            case "created", "appeared_in_branch" -> {
                status = FindingStatus.OPENED;
                at = firstTime(a, action.equals("created") ? "created_at" : "updated_at", "created_at");
            }
            case "reopened", "reopened_by_user" -> {
                status = FindingStatus.REOPENED;
                at = firstTime(a, "updated_at");
            }
            case "fixed" -> {
                status = FindingStatus.FIXED;
                at = firstTime(a, "fixed_at", "updated_at");
            }
            case "closed_by_user" -> {
                status = dismissal(text(a, "dismissed_reason").orElse(""));
                at = firstTime(a, "dismissed_at", "updated_at");
            }
            default -> {
                return Conversion.skip("code scanning alert " + number + " action '" + action + "' changes no finding state");
            }
        }
        String tool = text(a, "tool", "name").orElse("code-scanning");
        JsonNode rule = a.path("rule");
        Severity severity = FindingTraits.fromWord(text(rule, "security_severity_level").orElse(null))
                .orElseGet(() -> text(rule, "severity").map(FindingTraits::fromLevel).orElse(Severity.MEDIUM));
        String ref = text(p, "ref").orElse("");
        String defaultBranch = "refs/heads/" + text(p, "repository", "default_branch").orElse("main");
        FindingCategory category = FindingTraits.scanTypeOfTool(tool).map(FindingTraits::categoryOf).orElse(FindingCategory.CODE);
        JsonNode instance = a.path("most_recent_instance").path("location");
        FindingDetails details = new FindingDetails().ruleId(text(rule, "id")).title(text(rule, "description").or(() -> text(rule, "name")))
                .location(repo(p, ctx), text(instance, "path"), FindingDetails.line(instance.path("start_line")))
                .url(text(a, "html_url")).cvesIn(text(rule, "id").orElse("")).cvesIn(rule.path("tags"));
        return Conversion.of(List.of(ContractEvent.of(details.applyTo(Finding.newBuilder())
                .setFindingId("github:" + repo(p, ctx) + ":code-scanning:" + number)
                .setServiceId(service(p, ctx)).setStatus(status).setOccurredAt(at.orElse(ctx.receivedAt()))
                .setSeverity(severity).setExploitability(mapping.defaultExploitability()).setCategory(category)
                .setDefectClass(FindingTraits.cwe(rule.path("tags")).orElse(required(rule, "id")))
                .setInNewCode(action.equals("created") && !ref.isEmpty() && !ref.equals(defaultBranch))
                .setScanner(tool).setScanId(null).build())));
    }

    /** GitHub's dismissal reasons: false positive, won't fix, used in tests (code scanning). */
    private static FindingStatus dismissal(String reason) {
        return reason.toLowerCase(Locale.ROOT).replace('_', ' ').contains("false positive") ? FindingStatus.FALSE_POSITIVE : FindingStatus.RISK_ACCEPTED;
    }

    private Conversion dependabotAlert(JsonNode p, SourceContext ctx) {
        JsonNode a = p.path("alert");
        String action = p.path("action").asText();
        String number = required(a, "number");
        FindingStatus status = switch (action) {
            case "created" -> FindingStatus.OPENED;
            case "reopened", "reintroduced", "auto_reopened" -> FindingStatus.REOPENED;
            case "fixed" -> FindingStatus.FIXED;
            case "auto_dismissed" -> FindingStatus.RISK_ACCEPTED;
            case "dismissed" -> switch (text(a, "dismissed_reason").orElse("")) {
                case "inaccurate", "not_used" -> FindingStatus.FALSE_POSITIVE;
                case "fix_started" -> FindingStatus.TRIAGED;
                default -> FindingStatus.RISK_ACCEPTED; // tolerable_risk, no_bandwidth
            };
            default -> null;
        };
        if (status == null) {
            return Conversion.skip("dependabot alert " + number + " action '" + action + "' changes no finding state");
        }
        JsonNode advisory = a.path("security_advisory");
        Severity severity = FindingTraits.fromWord(text(a, "security_vulnerability", "severity").orElse(null))
                .or(() -> FindingTraits.fromWord(text(advisory, "severity").orElse(null))).orElse(Severity.MEDIUM);
        Double epss = advisory.path("epss").isArray() && !advisory.path("epss").isEmpty()
                ? advisory.path("epss").get(0).path("percentage").asDouble() : null;
        Instant at = firstTime(a, switch (status) {
            case FIXED -> "fixed_at";
            case RISK_ACCEPTED, FALSE_POSITIVE, TRIAGED -> action.equals("auto_dismissed") ? "auto_dismissed_at" : "dismissed_at";
            case OPENED -> "created_at";
            default -> "updated_at";
        }, "updated_at").orElse(ctx.receivedAt());
        String cls = FindingTraits.cwe(advisory.path("cwes").isArray() && !advisory.path("cwes").isEmpty()
                        ? advisory.path("cwes").get(0).path("cwe_id") : null)
                .or(() -> text(advisory, "cve_id")).or(() -> text(advisory, "ghsa_id")).orElse("dependency-vulnerability");
        FindingDetails details = new FindingDetails().ruleId(text(advisory, "ghsa_id")).title(text(advisory, "summary"))
                .location(repo(p, ctx), text(a, "dependency", "manifest_path"), Optional.empty()).url(text(a, "html_url"))
                .cvesIn(text(advisory, "cve_id").orElse("")).cvesIn(advisory.path("identifiers"));
        return Conversion.of(List.of(ContractEvent.of(details.applyTo(Finding.newBuilder())
                .setFindingId("github:" + repo(p, ctx) + ":dependabot:" + number)
                .setServiceId(service(p, ctx)).setStatus(status).setOccurredAt(at).setSeverity(severity)
                .setExploitability(mapping.exploitability(epss, false)).setCategory(FindingCategory.DEPENDENCY)
                .setDefectClass(cls).setInNewCode(false).setScanner("dependabot").setScanId(null).build())));
    }

    private Conversion secretScanningAlert(JsonNode p, SourceContext ctx) {
        JsonNode a = p.path("alert");
        String action = p.path("action").asText();
        String number = required(a, "number");
        FindingStatus status = switch (action) {
            case "created", "validated", "publicly_leaked" -> FindingStatus.OPENED;
            case "reopened" -> FindingStatus.REOPENED;
            case "revoked" -> FindingStatus.FIXED;
            case "resolved" -> switch (text(a, "resolution").orElse("")) {
                case "false_positive" -> FindingStatus.FALSE_POSITIVE;
                case "wont_fix", "used_in_tests" -> FindingStatus.RISK_ACCEPTED;
                default -> FindingStatus.FIXED; // revoked, pattern_edited, pattern_deleted
            };
            default -> null;
        };
        if (status == null) {
            return Conversion.skip("secret scanning alert " + number + " action '" + action + "' changes no finding state");
        }
        String validity = text(a, "validity").orElse("unknown");
        boolean leaked = a.path("publicly_leaked").asBoolean(false) || action.equals("publicly_leaked");
        Exploitability exploitability = leaked ? Exploitability.PROVEN : switch (validity) {
            case "active" -> Exploitability.LIKELY;
            case "inactive" -> Exploitability.THEORETICAL;
            default -> Exploitability.PLAUSIBLE;
        };
        Instant at = firstTime(a, switch (status) {
            case OPENED -> action.equals("created") ? "created_at" : "updated_at";
            case FIXED, FALSE_POSITIVE, RISK_ACCEPTED -> "resolved_at";
            default -> "updated_at";
        }, "updated_at").orElse(ctx.receivedAt());
        // the payload names the kind of secret, not where it is (that takes a further API call per alert)
        FindingDetails details = new FindingDetails().ruleId(text(a, "secret_type"))
                .title(text(a, "secret_type_display_name").or(() -> text(a, "secret_type"))).url(text(a, "html_url"));
        return Conversion.of(List.of(ContractEvent.of(details.applyTo(Finding.newBuilder())
                .setFindingId("github:" + repo(p, ctx) + ":secret-scanning:" + number)
                .setServiceId(service(p, ctx)).setStatus(status).setOccurredAt(at)
                .setSeverity(leaked || validity.equals("active") ? Severity.CRITICAL : Severity.HIGH)
                .setExploitability(exploitability).setCategory(FindingCategory.SECRET).setDefectClass("CWE-798")
                .setInNewCode(false).setScanner("github-secret-scanning").setScanId(null).build())));
    }
}
