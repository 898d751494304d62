package com.devsecopsmetrics.connectors.history;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP server replaying recorded API answers: per path (and {@code page}/{@code offset} query value), the
 * answers in order, the last one repeated. It records each request's path, query and authentication header.
 */
public final class RecordedApi implements AutoCloseable {
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer json(String resource) {
            return new Answer(200, Map.of(), read(resource));
        }

        public static Answer body(String json) {
            return new Answer(200, Map.of(), json.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer status(int status, Map<String, String> headers) {
            return new Answer(status, headers, "{\"message\":\"recorded failure\"}".getBytes(StandardCharsets.UTF_8));
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body);
        }
    }

    public record Request(String path, String query, String authorization) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> routes = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public RecordedApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers for {@code path} (with {@code ?page=N} when it is that page), in order. */
    public synchronized RecordedApi on(String path, Answer... answers) {
        routes.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    /** A page link to {@code path} with {@code ?page=N} appended, as GitHub and GitLab write it. */
    public String link(String path, int page) {
        return "<" + base() + path + "?per_page=100&page=" + page + ">; rel=\"next\", <" + base() + path + "?page=9>; rel=\"last\"";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        requests.add(new Request(uri.getRawPath(), query, firstNonNull(exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN"))));
        String key = uri.getRawPath() + pageOf(query);
        Answer a;
        synchronized (this) {
            Deque<Answer> answers = routes.get(key);
            a = answers == null ? null : answers.size() > 1 ? answers.poll() : answers.peek();
        }
        if (a == null) {
            a = Answer.status(404, Map.of());
        }
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(a.status(), a.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(a.body());
        }
    }

    private static String pageOf(String query) {
        for (String part : query.split("&")) {
            if (part.startsWith("page=") || (part.startsWith("offset=") && !part.equals("offset=0"))) {
                return "?" + part;
            }
        }
        return "";
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    static byte[] read(String resource) {
        try (InputStream in = RecordedApi.class.getResourceAsStream("/history/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource history/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
