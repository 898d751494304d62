package com.devsecopsmetrics.connectors.webhook;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP(S) listener, on Jetty (the server Kafka Connect's own REST API runs on; the plugin carries its own copy).
 * Jetty reads request headers and bodies without holding a thread, so slow clients cost a connection, not a worker:
 * {@code listener.idle.timeout.ms} closes a silent connection, {@link HeaderDeadline} one whose headers trickle in,
 * {@code listener.body.timeout.ms} bounds the body, {@code listener.max.connections} the connections (further
 * ones wait in the accept queue) and {@code max.pending.requests} the bodies held in memory. The JDK's HttpServer,
 * used before, reads headers on its executor's threads with no per-connection timeout, so eight clients that never
 * finish their headers held all eight threads and even {@code /health} went unanswered.
 */
final class WebhookServer {
    static final List<String> SOURCES = List.of("github", "gitlab", "pagerduty", "sarif");
    /** Jetty leases one acceptor and one selector thread from the pool, besides the workers. */
    private static final int ACCEPTORS = 1;
    private static final int SELECTORS = 1;
    private static final int ACCEPT_QUEUE = 128;

    record Request(String source, byte[] body, Map<String, String> headers, Map<String, String> query) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Response(int status, String json) {
    }

    private final Server server;
    private final ServerConnector connector;

    WebhookServer(WebhookConfig config, WebhookIntake intake) {
        int workers = config.getInt(WebhookConfig.LISTENER_THREADS);
        QueuedThreadPool pool = new QueuedThreadPool(workers + ACCEPTORS + SELECTORS, Math.min(4, workers + ACCEPTORS + SELECTORS));
        pool.setName("webhook-listener");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        server = new Server(pool);
        server.setStopTimeout(2_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.getInt(WebhookConfig.MAX_HEADER_BYTES));
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        String keystore = config.getString(WebhookConfig.TLS_KEYSTORE_PATH);
        connector = keystore.isBlank()
                ? new ServerConnector(server, ACCEPTORS, SELECTORS, http1)
                : new ServerConnector(server, ACCEPTORS, SELECTORS, new SslConnectionFactory(tls(config, keystore), http1.getProtocol()), http1);
        connector.setHost(config.getString(WebhookConfig.LISTENER_HOST));
        connector.setPort(config.getInt(WebhookConfig.LISTENER_PORT));
        connector.setIdleTimeout(config.getLong(WebhookConfig.IDLE_TIMEOUT_MS));
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.addEventListener(new HeaderDeadline(config.getLong(WebhookConfig.HEADER_TIMEOUT_MS), connector.getScheduler()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(config.getInt(WebhookConfig.MAX_CONNECTIONS), connector));
        server.setHandler(new WebhookHandler(config, intake, pool));
    }

    private static SslContextFactory.Server tls(WebhookConfig config, String keystore) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore);
        tls.setKeyStorePassword(config.getPassword(WebhookConfig.TLS_KEYSTORE_PASSWORD).value());
        tls.setKeyStoreType(config.getString(WebhookConfig.TLS_KEYSTORE_TYPE));
        return tls;
    }

    void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            stop();
            throw e;
        } catch (Exception e) {
            stop();
            throw new IOException(e.getMessage(), e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing is left to do with a failure but not to mask the caller's
            LoggerFactory.getLogger(WebhookServer.class).warn("webhook listener did not stop cleanly: {}", e.toString());
        }
    }
}
