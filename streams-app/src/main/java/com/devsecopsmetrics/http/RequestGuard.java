package com.devsecopsmetrics.http;

import com.devsecopsmetrics.access.Area;
import com.devsecopsmetrics.access.Authenticator;
import com.devsecopsmetrics.access.Caller;
import com.devsecopsmetrics.access.Role;
import com.devsecopsmetrics.query.ApiError;
import io.javalin.http.Context;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one gate every request passes before a handler (DESIGN §8): the browser headers, the {@code Host} check
 * against DNS rebinding, then who the caller is and whether their role reaches this part of the API. Team scoping
 * within {@code /api} is {@link TeamVisibility}'s; the audit line is {@link AuditTrail}'s.
 */
final class RequestGuard {
    private static final String CALLER = "dsm.caller";
    private static final String CALLER_ID = "dsm.caller.id";

    private final Authenticator authenticator;
    private final Set<String> allowedHosts;
    private final Map<String, String> headers;

    RequestGuard(Authenticator authenticator, Set<String> allowedHosts, boolean tls) {
        this.authenticator = authenticator;
        this.allowedHosts = allowedHosts;
        Map<String, String> h = new HashMap<>(BrowserHeaders.ALWAYS);
        if (tls) {
            h.putAll(BrowserHeaders.WITH_TLS);
        }
        this.headers = Map.copyOf(h);
    }

    Map<String, String> headers() {
        return headers;
    }

    /** Parses {@code rest.allowed.hosts}: comma-separated host names, compared without port and case. */
    static Set<String> allowedHosts(String setting) {
        if (setting == null || setting.isBlank()) {
            return Set.of();
        }
        Set<String> hosts = new TreeSet<>();
        for (String h : setting.split(",")) {
            if (!h.isBlank()) {
                hosts.add(h.trim().toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(hosts);
    }

    void before(Context ctx) {
        headers.forEach(ctx::header);
        Area area = Area.of(ctx.path());
        if (area != Area.OPEN) {
            BrowserHeaders.DATA.forEach(ctx::header);
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(hostName(ctx.header("Host")))) {
            throw new ApiError(421, "this server does not answer for the host this request names; see rest.allowed.hosts");
        }
        if (area == Area.OPEN) {
            return;
        }
        Authenticator.Outcome outcome = authenticator.authenticate(ctx.header("Authorization"), peerCertificates(ctx));
        if (outcome instanceof Authenticator.Outcome.Unknown unknown) {
            throw unauthenticated(ctx, unknown.reason());
        }
        if (outcome instanceof Authenticator.Outcome.Refused refused) {
            ctx.attribute(CALLER_ID, refused.id());
            throw new ApiError(403, refused.reason());
        }
        admit(ctx, area, ((Authenticator.Outcome.Admitted) outcome).caller());
    }

    private void admit(Context ctx, Area area, Caller caller) {
        ctx.attribute(CALLER_ID, caller.id());
        boolean openInternal = area == Area.INTERNAL && caller == Caller.UNAUTHENTICATED && !authenticator.hasInstanceCredential();
        if (area == Area.INTERNAL && caller.role() != Role.INSTANCE && !openInternal) {
            throw unauthenticated(ctx, "the /internal/ routes answer only the other instances of this application");
        }
        if (!openInternal && !area.admits(caller.role())) {
            throw new ApiError(403, "the role " + caller.role().name().toLowerCase(Locale.ROOT) + " does not read " + ctx.path());
        }
        ctx.attribute(CALLER, caller);
    }

    private ApiError unauthenticated(Context ctx, String reason) {
        ctx.header("WWW-Authenticate", ctx.header("Authorization") == null ? "Bearer" : "Bearer error=\"invalid_token\"");
        return new ApiError(401, reason);
    }

    /** Who the request is from; {@link Caller#UNAUTHENTICATED} on routes that need no credential. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller == null ? Caller.UNAUTHENTICATED : caller;
    }

    /** The caller this request was admitted as; empty when refused or on a route that needs no credential. */
    static Optional<Caller> admitted(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER));
    }

    /** The token id or JWT subject for the audit line, also of a caller that was refused. */
    static String callerId(Context ctx) {
        String id = ctx.attribute(CALLER_ID);
        return id == null ? "-" : id;
    }

    private static X509Certificate[] peerCertificates(Context ctx) {
        Object certs = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return certs instanceof X509Certificate[] chain ? chain : null;
    }

    /** The host part of a Host header: without the port, IPv6 brackets kept off, lower case. */
    static String hostName(String host) {
        if (host == null) {
            return "";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
