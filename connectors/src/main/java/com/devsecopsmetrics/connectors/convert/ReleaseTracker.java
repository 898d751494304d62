package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Deployment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which commits a production deployment ships: the commits pushed to its repository since the previous
 * production deployment, plus its own head commit. Pushes and deployments may arrive in either order: a push
 * that brings the head commit of the latest production deployment after that deployment was sent adds its
 * commits to it, and the deployment is sent again (same id, the newer version replaces the older).
 *
 * <p>Bounded (README "Connectors: limits"): at most {@value #MAX_PENDING} pending commits per repository and
 * {@value #MAX_DEPLOYMENTS} remembered deployments; the oldest go first. The state survives a restart through
 * {@link #toJson()} / {@link #fromJson(String)} (the webhook task keeps it in its Connect source offsets), except
 * the latest deployment per repository that a late push would amend.
 */
public final class ReleaseTracker {
    static final int MAX_PENDING = 500;
    static final int MAX_DEPLOYMENTS = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, LinkedHashSet<String>> pendingByRepo = new LinkedHashMap<>();
    private final Map<String, List<String>> commitsByDeployment = lru(MAX_DEPLOYMENTS);
    private final Map<String, String> deploymentByCommit = lru(MAX_DEPLOYMENTS * 20);
    private final Map<String, Deployment> latestProduction = new LinkedHashMap<>();

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Records a push's commits (oldest first). Returns the latest production deployment of the repository amended
     * with this push's commits up to its head commit, when the deployment was sent before the push arrived.
     */
    public synchronized Optional<Deployment> pushed(String repo, List<String> commitIds) {
        LinkedHashSet<String> pending = pendingByRepo.computeIfAbsent(repo, r -> new LinkedHashSet<>());
        Deployment latest = latestProduction.get(repo);
        int head = latest == null ? -1 : commitIds.indexOf(headOf(latest));
        Optional<Deployment> amended = Optional.empty();
        if (head >= 0) {
            List<String> shipped = new ArrayList<>(latest.getCommitIds());
            boolean grew = false;
            for (String c : commitIds.subList(0, head + 1)) {
                if (!shipped.contains(c)) {
                    shipped.add(c);
                    grew = true;
                }
                deploymentByCommit.put(c, latest.getDeploymentId());
            }
            if (grew) {
                Deployment updated = Deployment.newBuilder(latest).setCommitIds(shipped).build();
                latestProduction.put(repo, updated);
                commitsByDeployment.put(updated.getDeploymentId(), List.copyOf(shipped));
                amended = Optional.of(updated);
            }
            commitIds = commitIds.subList(head + 1, commitIds.size());
        }
        for (String c : commitIds) {
            if (!deploymentByCommit.containsKey(c)) {
                pending.add(c);
            }
        }
        while (pending.size() > MAX_PENDING) {
            pending.remove(pending.iterator().next());
        }
        return amended;
    }

    /**
     * The commits a deployment ships. A production deployment takes the pending commits of its repository (and its
     * head commit) and clears them; the same deployment seen again gets the same list. Another environment ships
     * just its head commit.
     */
    public synchronized List<String> ship(String repo, String deploymentId, String headSha, boolean production) {
        List<String> known = commitsByDeployment.get(deploymentId);
        if (known != null) {
            return known;
        }
        if (!production) {
            return headSha == null ? List.of() : List.of(headSha);
        }
        LinkedHashSet<String> commits = new LinkedHashSet<>(pendingByRepo.getOrDefault(repo, new LinkedHashSet<>()));
        if (headSha != null) {
            commits.add(headSha);
        }
        pendingByRepo.remove(repo);
        List<String> shipped = List.copyOf(commits);
        commitsByDeployment.put(deploymentId, shipped);
        shipped.forEach(c -> deploymentByCommit.put(c, deploymentId));
        return shipped;
    }

    /** Remembers the production deployment just sent, so a push arriving after it can still complete its commits. */
    public synchronized void sent(String repo, Deployment production) {
        latestProduction.put(repo, production);
    }

    /** The production deployment that shipped {@code shaOrId} (a commit sha, or a prefix of 7+ characters of one). */
    public synchronized Optional<String> deploymentShipping(String shaOrId) {
        String exact = deploymentByCommit.get(shaOrId);
        if (exact != null) {
            return Optional.of(exact);
        }
        if (shaOrId.length() >= 7 && shaOrId.matches("[0-9a-fA-F]+")) {
            return deploymentByCommit.entrySet().stream().filter(e -> e.getKey().startsWith(shaOrId.toLowerCase()))
                    .map(Map.Entry::getValue).findFirst();
        }
        return Optional.empty();
    }

    private static String headOf(Deployment d) {
        List<String> ids = d.getCommitIds();
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    public synchronized String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode pending = root.putObject("pending");
        pendingByRepo.forEach((repo, commits) -> commits.forEach(pending.putArray(repo)::add));
        ObjectNode shipped = root.putObject("shipped");
        commitsByDeployment.forEach((id, commits) -> commits.forEach(shipped.putArray(id)::add));
        return root.toString();
    }

    public static ReleaseTracker fromJson(String json) {
        ReleaseTracker t = new ReleaseTracker();
        if (json == null || json.isBlank()) {
            return t;
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            root.path("pending").fields().forEachRemaining(e -> {
                LinkedHashSet<String> commits = new LinkedHashSet<>();
                e.getValue().forEach(c -> commits.add(c.asText()));
                t.pendingByRepo.put(e.getKey(), commits);
            });
            root.path("shipped").fields().forEachRemaining(e -> {
                List<String> commits = new ArrayList<>();
                e.getValue().forEach(c -> commits.add(c.asText()));
                t.commitsByDeployment.put(e.getKey(), List.copyOf(commits));
                commits.forEach(c -> t.deploymentByCommit.put(c, e.getKey()));
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("release tracker state is not JSON: " + e.getMessage(), e);
        }
        return t;
    }
}
