package com.devsecopsmetrics.connectors.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers from a script: each request takes the next
 * scripted answer, the last one repeating.
 */
final class TestTarget implements AutoCloseable {
    /** One answer: status, Retry-After (or null), body, and how long to wait before answering. */
    record Reply(int status, String retryAfter, String body, long delayMs) {
        static Reply of(int status) {
            return new Reply(status, null, status == 200 ? "ok" : "error " + status, 0);
        }
    }

    /** What the receiver got. */
    record Request(String idempotencyKey, String signature, String authorization, String contentType, String body) {
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Reply last = Reply.of(200);
    private volatile Function<Request, Reply> override;

    TestTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads); // a late answer must not hold up the retry behind it
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T000/B000/secret-path";
    }

    TestTarget answer(Reply... replies) {
        script.addAll(List.of(replies));
        last = replies[replies.length - 1];
        return this;
    }

    /** Answers by request instead of by script (e.g. fail one alert only). */
    TestTarget answerBy(Function<Request, Reply> f) {
        override = f;
        return this;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        var h = exchange.getRequestHeaders();
        Request request = new Request(h.getFirst(HttpTarget.IDEMPOTENCY_KEY), h.getFirst(HttpTarget.SIGNATURE), h.getFirst("Authorization"),
                h.getFirst("Content-Type"), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        Function<Request, Reply> by = override;
        Reply reply = by != null ? by.apply(request) : next();
        try {
            Thread.sleep(reply.delayMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        }
        if (reply.status() / 100 == 3) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private Reply next() {
        Reply r = script.poll();
        return r != null ? r : last;
    }

    /** The connector config for this receiver: quick retries, http allowed (the receiver is on this host). */
    Map<String, String> config(String type) {
        return new HashMap<>(Map.of(AlertSinkConfig.TARGET_TYPE, type, AlertSinkConfig.TARGET_URL, url(),
                AlertSinkConfig.ALLOW_INSECURE, "true", AlertSinkConfig.BACKOFF_INITIAL_MS, "10", AlertSinkConfig.BACKOFF_MAX_MS, "50",
                AlertSinkConfig.REQUEST_TIMEOUT_MS, "1000", "topics", "devsecops.alerts"));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
