package com.devsecopsmetrics.access;

import java.util.Optional;

/**
 * Who made a request, once authenticated: the token id or JWT subject the audit log names, the role, and the team
 * a {@code team:NAME} scope confines the caller to (empty for {@code *}).
 */
public record Caller(String id, Role role, Optional<String> team) {
    /** The caller when authentication is off (loopback only, or {@code rest.auth.disabled=true}). */
    public static final Caller UNAUTHENTICATED = new Caller("-", Role.ADMIN, Optional.empty());
    public static final Caller INSTANCE = new Caller("instance", Role.INSTANCE, Optional.empty());

    public Caller {
        team.ifPresent(t -> {
            if (t.isBlank()) {
                throw new IllegalArgumentException("a team scope needs a team name");
            }
        });
    }

    /** {@code *} or {@code team:NAME}, as the tokens file writes a scope. */
    public static Optional<String> parseScope(String scope) {
        if (scope.equals("*")) {
            return Optional.empty();
        }
        if (scope.startsWith("team:") && scope.length() > "team:".length()) {
            return Optional.of(scope.substring("team:".length()));
        }
        throw new IllegalArgumentException("unknown scope '" + scope + "': use * or team:NAME");
    }

    /** Whether the caller reads every team, not one. */
    public boolean seesEveryTeam() {
        return team.isEmpty();
    }

    /** Whether the caller may read what belongs to {@code team}. */
    public boolean mayReadTeam(String team) {
        return this.team.map(t -> t.equals(team)).orElse(true);
    }

    public String scope() {
        return team.map(t -> "team:" + t).orElse("*");
    }
}
