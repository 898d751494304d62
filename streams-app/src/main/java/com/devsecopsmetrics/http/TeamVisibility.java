package com.devsecopsmetrics.http;

import com.devsecopsmetrics.access.Caller;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.devsecopsmetrics.query.ApiError;
import com.devsecopsmetrics.query.CatalogueQueries;
import com.devsecopsmetrics.query.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@code team:NAME} viewer may see (DESIGN §8): the aggregate scopes (org, tier, exposure) and its own team's
 * team and service scopes, alerts and findings. Asking for another team's scope is refused (403); in an answer
 * about an aggregate, what names another team's services (a service's practices, a finding in alert evidence, a
 * team's or service's row in the report) is left out. Callers who read every team get answers unchanged.
 */
final class TeamVisibility {
    private final CatalogueQueries catalogue;

    TeamVisibility(CatalogueQueries catalogue) {
        this.catalogue = catalogue;
    }

    /** Refuses a scope outside the caller's team. */
    void requireReadable(Caller caller, Scope scope) {
        if (caller.seesEveryTeam()) {
            return;
        }
        switch (scope.kind()) {
            case ORG, TIER, EXPOSURE -> {
            }
            case TEAM -> {
                if (!caller.mayReadTeam(scope.value())) {
                    throw forbidden(caller, scope.toString());
                }
            }
            case SERVICE -> {
                if (!caller.mayReadTeam(teamOf(scope.value()))) {
                    throw forbidden(caller, scope.toString());
                }
            }
        }
    }

    /** Whether a scope written as text ({@code org}, {@code team:X}, {@code service:Y}, ...) is one the caller may see. */
    boolean mayRead(Caller caller, String scopeText, Set<String> ownServices) {
        if (caller.seesEveryTeam() || scopeText == null) {
            return true;
        }
        if (scopeText.startsWith("team:")) {
            return caller.mayReadTeam(scopeText.substring("team:".length()));
        }
        if (scopeText.startsWith("service:")) {
            return ownServices.contains(scopeText.substring("service:".length()));
        }
        return true;
    }

    /** The services of the caller's team (every service for callers who read every team). */
    Set<String> ownServices(Caller caller) {
        return catalogue.all().stream().filter(s -> caller.mayReadTeam(s.path("team").asText()))
                .map(s -> s.path("service_id").asText()).collect(Collectors.toUnmodifiableSet());
    }

    List<JsonNode> services(Caller caller, List<JsonNode> all) {
        return caller.seesEveryTeam() ? all : all.stream().filter(s -> caller.mayReadTeam(s.path("team").asText())).toList();
    }

    /**
     * {@code body} without what names another team's services: rows of arrays whose {@code scope} or
     * {@code service_id} is another team's, and keys of {@code service_practices} maps that are.
     */
    JsonNode redact(Caller caller, JsonNode body) {
        return caller.seesEveryTeam() ? body : redact(caller, body, ownServices(caller));
    }

    /** As {@link #redact(Caller, JsonNode)}, with the caller's services already gathered (the catalogue is read once). */
    JsonNode redact(Caller caller, JsonNode body, Set<String> own) {
        if (!caller.seesEveryTeam()) {
            prune(caller, body, own);
        }
        return body;
    }

    private void prune(Caller caller, JsonNode node, Set<String> own) {
        if (node instanceof ArrayNode array) {
            for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
                JsonNode item = it.next();
                boolean foreignService = item.has("service_id") && !own.contains(item.path("service_id").asText());
                boolean foreignScope = item.has("scope") && !mayRead(caller, item.path("scope").asText(), own);
                if (foreignService || foreignScope) {
                    it.remove();
                } else {
                    prune(caller, item, own);
                }
            }
        } else if (node instanceof ObjectNode object) {
            if (object.get("service_practices") instanceof ObjectNode practices) {
                practices.properties().removeIf(e -> !own.contains(e.getKey()));
            }
            object.forEach(child -> prune(caller, child, own));
        }
    }

    private String teamOf(String serviceId) {
        return catalogue.get(serviceId).map(e -> e.path("team").asText()).orElse(ScopeAssignment.UNASSIGNED_TEAM);
    }

    private static ApiError forbidden(Caller caller, String scope) {
        return new ApiError(403, "scope " + scope + " is outside this caller's scope " + caller.scope());
    }
}
