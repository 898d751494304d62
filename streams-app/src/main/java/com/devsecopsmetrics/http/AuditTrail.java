package com.devsecopsmetrics.http;

import com.devsecopsmetrics.access.Area;
import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * One JSON line per {@code /api} and {@code /internal} request on the {@code audit} logger (DESIGN §8): when, who
 * (token id or JWT subject, never the token), from where, what, for which scope, and the answer's status. The
 * query string is left out, and every field a client chose is bounded, so a request cannot flood or forge the log.
 */
final class AuditTrail {
    static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final int MAX_FIELD = 256;

    private AuditTrail() {
    }

    static void record(Context ctx) {
        if (!Area.of(ctx.path()).audited() || !AUDIT.isInfoEnabled()) {
            return;
        }
        ObjectNode line = ContractJson.mapper().createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("caller", RequestGuard.callerId(ctx));
        RequestGuard.admitted(ctx).ifPresent(c -> line.put("caller_scope", c.scope()));
        line.put("client", ctx.ip());
        line.put("method", ctx.method().name());
        line.put("path", bounded(ctx.path()));
        line.put("scope", bounded(scopeOf(ctx)));
        line.put("status", ctx.statusCode());
        AUDIT.info(line.toString());
    }

    private static String scopeOf(Context ctx) {
        String scope = ctx.queryParam("scope");
        if (scope != null) {
            return scope;
        }
        String path = ctx.path();
        String services = "/api/v1/services/";
        return path.startsWith(services) && path.length() > services.length() ? "service:" + path.substring(services.length()) : null;
    }

    private static String bounded(String text) {
        return text == null ? null : text.length() <= MAX_FIELD ? text : ContractRules.quote(text, MAX_FIELD);
    }
}
