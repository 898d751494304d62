package com.devsecopsmetrics.query;

import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ledger.ScopeAssignment;

import java.util.Arrays;

/**
 * A query scope of DESIGN §4: {@code org}, {@code team:<team>}, {@code tier:<TIER_n>} or {@code service:<id>}; and,
 * added, {@code exposure:internet}: the services whose catalogue entry is internet-facing.
 */
public record Scope(Kind kind, String value) {
    public enum Kind { ORG, TEAM, TIER, SERVICE, EXPOSURE }

    public static final Scope INTERNET_FACING = new Scope(Kind.EXPOSURE, "internet");

    public static Scope parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("missing scope: use org, team:<team>, tier:<TIER_n>, service:<service_id> or exposure:internet");
        }
        if (text.equals("org")) {
            return new Scope(Kind.ORG, null);
        }
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        Kind kind = switch (prefix) {
            case "team" -> Kind.TEAM;
            case "tier" -> Kind.TIER;
            case "service" -> Kind.SERVICE;
            case "exposure" -> Kind.EXPOSURE;
            default -> throw ApiError.badRequest("malformed scope '" + text
                    + "': use org, team:<team>, tier:<TIER_n>, service:<service_id> or exposure:internet");
        };
        if (value.isEmpty()) {
            throw ApiError.badRequest("malformed scope '" + text + "': the " + prefix + " is missing");
        }
        if (kind == Kind.EXPOSURE && !value.equals(INTERNET_FACING.value())) {
            throw ApiError.notFound("unknown scope '" + text + "': the exposure scope is exposure:internet");
        }
        if (kind == Kind.TIER && Arrays.stream(Tier.values()).noneMatch(t -> t.name().equals(value))) {
            throw ApiError.notFound("unknown scope '" + text + "': tiers are TIER_1, TIER_2 and TIER_3");
        }
        return new Scope(kind, value);
    }

    /** The key prefix of the roll-up rows of org, team and tier scopes. */
    public String rollupName() {
        return switch (kind) {
            case ORG -> "org";
            case TEAM -> "team:" + value;
            case TIER -> "tier:" + value;
            case EXPOSURE -> ScopeAssignment.INTERNET_FACING_SCOPE; // the only exposure scope parse admits
            case SERVICE -> throw new IllegalStateException("services have no roll-up rows");
        };
    }

    @Override
    public String toString() {
        return kind == Kind.ORG ? "org" : kind.name().toLowerCase() + ":" + value;
    }
}
