package com.devsecopsmetrics.connectors.webhook;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routing, method and size checks, then the body read asynchronously (a slow body holds a pending-request slot and
 * memory, never a thread) and handed to the {@link WebhookIntake}, whose answer arrives once Kafka has acknowledged.
 * Anything unexpected is logged here with its stack trace and answered 500 without one.
 */
final class WebhookHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

    private final WebhookIntake intake;
    private final Executor executor;
    private final int maxBody;
    private final long bodyTimeoutMs;
    private final Semaphore pending;

    WebhookHandler(WebhookConfig config, WebhookIntake intake, Executor executor) {
        this.intake = intake;
        this.executor = executor;
        this.maxBody = config.getInt(WebhookConfig.MAX_BODY_BYTES);
        this.bodyTimeoutMs = config.getLong(WebhookConfig.BODY_TIMEOUT_MS);
        this.pending = new Semaphore(config.getInt(WebhookConfig.MAX_PENDING_REQUESTS));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request).replaceAll("/+$", "");
        String source = path.startsWith("/") ? path.substring(1) : path;
        if (source.equals("health") && request.getMethod().equals("GET")) {
            answer(response, callback, new WebhookServer.Response(200, "{\"status\":\"UP\"}"), false);
            return true;
        }
        // A SARIF upload is known by its media type, so CI can post it to the listener's root or any webhook path.
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean sarif = type != null && type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/sarif+json");
        if (sarif && (source.isEmpty() || WebhookServer.SOURCES.contains(source))) {
            source = "sarif";
        }
        // Refusals before the body is read close the connection: its unread body would otherwise be taken as the next request.
        if (!WebhookServer.SOURCES.contains(source)) {
            answer(response, callback, new WebhookServer.Response(404, WebhookIntake.error("no endpoint " + path + "; POST to /github, /gitlab,"
                    + " /pagerduty or /sarif, or a SARIF log with Content-Type: application/sarif+json to any of them or to /")), true);
            return true;
        }
        if (!request.getMethod().equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            answer(response, callback, new WebhookServer.Response(405, WebhookIntake.error("use POST")), true);
            return true;
        }
        long length = request.getLength();
        if (length > maxBody) {
            answer(response, callback, tooLarge(length + " bytes"), true);
            return true;
        }
        if (!pending.tryAcquire()) {
            answer(response, callback, new WebhookServer.Response(503, WebhookIntake.error("too many requests in progress ("
                    + WebhookConfig.MAX_PENDING_REQUESTS + "); retry")), true);
            return true;
        }
        Callback release = Callback.from(callback, (Runnable) pending::release); // on success and on failure
        String target = source;
        Map<String, String> query;
        try {
            query = query(request);
        } catch (RuntimeException e) { // a malformed percent-encoding
            answer(response, release, new WebhookServer.Response(400, WebhookIntake.error("malformed query string")), true);
            return true;
        }
        Content.Source.asByteArrayAsync(request, maxBody)
                .orTimeout(bodyTimeoutMs, TimeUnit.MILLISECONDS)
                .thenCompose(body -> intake.receive(new WebhookServer.Request(target, body, headers(request), query)))
                .whenCompleteAsync((answer, failure) -> {
                    if (failure == null) {
                        answer(response, release, answer, false);
                    } else {
                        answer(response, release, bodyFailure(unwrap(failure)), true);
                    }
                }, executor);
        return true;
    }

    private WebhookServer.Response bodyFailure(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return new WebhookServer.Response(408, WebhookIntake.error("the body did not arrive within " + WebhookConfig.BODY_TIMEOUT_MS
                    + " = " + bodyTimeoutMs + " ms"));
        }
        if (failure instanceof EofException) { // the client went away mid-body
            return new WebhookServer.Response(400, WebhookIntake.error("the body could not be read"));
        }
        if (failure instanceof IOException) { // Jetty's accumulator refusing more than maxBody bytes ("accumulation too large")
            return tooLarge("more than " + maxBody + " bytes");
        }
        log.error("webhook request failed", failure);
        return new WebhookServer.Response(500, WebhookIntake.error("internal error"));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private WebhookServer.Response tooLarge(String size) {
        return new WebhookServer.Response(413, WebhookIntake.error("body of " + size + " exceeds " + WebhookConfig.MAX_BODY_BYTES + " = " + maxBody));
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField f : request.getHeaders()) {
            headers.putIfAbsent(f.getLowerCaseName(), f.getValue() == null ? "" : f.getValue());
        }
        return headers;
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> q = new HashMap<>();
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        fields.forEach(f -> q.put(f.getName(), f.getValue()));
        return q;
    }

    private static void answer(Response response, Callback callback, WebhookServer.Response r, boolean close) {
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (r.status() == 503 || r.status() == 409) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
        }
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, ByteBuffer.wrap(r.json().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
