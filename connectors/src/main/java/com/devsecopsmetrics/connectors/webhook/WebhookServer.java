package com.devsecopsmetrics.connectors.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP(S) listener: the JDK's own server (no extra jar in the plugin, nothing to clash with the worker's
 * Jetty). It enforces method and size, then hands the body to the {@link WebhookIntake}.
 */
final class WebhookServer {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    static final List<String> SOURCES = List.of("github", "gitlab", "pagerduty", "sarif");

    record Request(String source, byte[] body, Map<String, String> headers, Map<String, String> query) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Response(int status, String json) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final int maxBody;

    WebhookServer(WebhookConfig config, WebhookIntake intake) throws IOException {
        this.maxBody = config.getInt(WebhookConfig.MAX_BODY_BYTES);
        InetSocketAddress address = new InetSocketAddress(config.getString(WebhookConfig.LISTENER_HOST), config.getInt(WebhookConfig.LISTENER_PORT));
        String keystore = config.getString(WebhookConfig.TLS_KEYSTORE_PATH);
        if (keystore.isBlank()) {
            server = HttpServer.create(address, 64);
        } else {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(Path.of(keystore),
                    config.getPassword(WebhookConfig.TLS_KEYSTORE_PASSWORD).value().toCharArray(), config.getString(WebhookConfig.TLS_KEYSTORE_TYPE))));
            server = https;
        }
        executor = Executors.newFixedThreadPool(config.getInt(WebhookConfig.LISTENER_THREADS), r -> {
            Thread t = new Thread(r, "webhook-listener");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try {
                Response r = route(exchange, intake);
                respond(exchange, r);
            } catch (RuntimeException e) {
                log.error("webhook request failed", e);
                respond(exchange, new Response(500, WebhookIntake.error("internal error: " + e.getClass().getSimpleName())));
            } finally {
                exchange.close();
            }
        });
    }

    private Response route(HttpExchange exchange, WebhookIntake intake) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String source = path.startsWith("/") ? path.substring(1) : path;
        if (source.equals("health") && exchange.getRequestMethod().equals("GET")) {
            return new Response(200, "{\"status\":\"UP\"}");
        }
        // A SARIF upload is known by its media type, so CI can post it to the listener's root or any webhook path.
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean sarif = type != null && type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/sarif+json");
        if (sarif && (source.isEmpty() || SOURCES.contains(source))) {
            source = "sarif";
        }
        if (!SOURCES.contains(source)) {
            exchange.getResponseHeaders().set("Connection", "close"); // the body stays unread, see tooLarge
            return new Response(404, WebhookIntake.error("no endpoint " + path + "; POST to /github, /gitlab, /pagerduty or /sarif,"
                    + " or a SARIF log with Content-Type: application/sarif+json to any of them or to /"));
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().add("Allow", "POST");
            exchange.getResponseHeaders().set("Connection", "close");
            return new Response(405, WebhookIntake.error("use POST"));
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("\\d+") && Long.parseLong(length) > maxBody) {
            return tooLarge(exchange, Long.parseLong(length));
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            return tooLarge(exchange, body.length);
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        return intake.receive(new Request(source, body, headers, query(exchange.getRequestURI().getRawQuery())));
    }

    // The rest of the body stays unread, so the server drops the connection after answering; saying so keeps a
    // keep-alive client from sending its next request down a socket that is about to close.
    private Response tooLarge(HttpExchange exchange, long size) {
        exchange.getResponseHeaders().set("Connection", "close");
        return new Response(413, WebhookIntake.error("body of " + size + (size > maxBody ? "" : "+") + " bytes exceeds "
                + WebhookConfig.MAX_BODY_BYTES + " = " + maxBody));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void respond(HttpExchange exchange, Response r) throws IOException {
        byte[] bytes = r.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (r.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "10");
        }
        exchange.sendResponseHeaders(r.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SSLContext sslContext(Path keystore, char[] password, String type) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
