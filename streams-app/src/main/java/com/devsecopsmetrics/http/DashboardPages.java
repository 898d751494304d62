package com.devsecopsmetrics.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's HTML pages, each its {@link PageLayout} filled once at start (they hold no data), answered with the
 * headers the static files have: {@code text/html}, {@code Cache-Control: max-age=0} and an ETag, so a browser
 * revalidates and gets 304 while the page is unchanged. Scripts, styles and the chart library stay static files.
 */
final class DashboardPages {
    /** Each page's path and the resource that fills the layout for it; {@code /} is the dashboard, as index.html. */
    private static final Map<String, String> PAGES = Map.of(
            "/", "index",
            "/index.html", "index",
            "/service.html", "service",
            "/definitions.html", "definitions");

    private DashboardPages() {
    }

    /** The paths the pages answer on: they are not part of the API that {@code GET /api/v1} lists. */
    static Set<String> paths() {
        return PAGES.keySet();
    }

    static void addTo(JavalinConfig config) {
        PageLayout layout = PageLayout.load();
        PAGES.forEach((path, name) -> {
            byte[] page = layout.page(name).getBytes(StandardCharsets.UTF_8);
            String etag = etag(page);
            config.routes.get(path, ctx -> serve(ctx, page, etag));
            // As for a static file, HEAD has the headers GET has (Jetty leaves the body out).
            config.routes.head(path, ctx -> serve(ctx, page, etag));
        });
    }

    private static void serve(Context ctx, byte[] page, String etag) {
        // Javalin answers 304 without the body when the request's If-None-Match names this ETag.
        ctx.header(Header.CACHE_CONTROL, "max-age=0").header(Header.ETAG, etag).contentType("text/html").result(page);
    }

    private static String etag(byte[] page) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(page);
            return "W/\"" + Base64.getEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
