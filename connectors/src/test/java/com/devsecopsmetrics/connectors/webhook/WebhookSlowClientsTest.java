package com.devsecopsmetrics.connectors.webhook;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients against the real listener over real sockets: 50 connections that send their headers one byte a
 * second (slow-loris) must not keep {@code /health} or a signed webhook from being answered, and each of them is
 * closed once its headers have taken longer than {@code listener.header.timeout.ms}.
 */
class WebhookSlowClientsTest {
    private static final int SLOW_CONNECTIONS = 50;
    private static final long HEADER_TIMEOUT_MS = 3_000;

    private final WebhookSourceTask task = new WebhookSourceTask();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Socket> slow = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean acking = new AtomicBoolean(true);
    private Thread acker;

    @BeforeEach
    void startWorker() {
        // the worker's part, started with the task: poll and acknowledge whatever the listener queues
        acker = new Thread(() -> {
            while (acking.get()) {
                try {
                    List<SourceRecord> records = task.poll();
                    if (records != null) {
                        records.forEach(r -> task.commitRecord(r, new RecordMetadata(new TopicPartition(r.topic(), 0), 0, 0, 0, 0, 0)));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void start(long headerTimeoutMs) {
        Map<String, String> props = new HashMap<>(Map.of(WebhookConfig.LISTENER_PORT, "0", WebhookConfig.LISTENER_HOST, "127.0.0.1",
                WebhookConfig.GITHUB_SECRET, WebhookSourceTaskTest.GITHUB_SECRET, WebhookConfig.HEADER_TIMEOUT_MS, String.valueOf(headerTimeoutMs),
                WebhookConfig.BODY_TIMEOUT_MS, "2000"));
        task.initialize(WebhookSourceTaskTest.context(props));
        task.start(props);
        acker.start();
    }

    @AfterEach
    void stop() throws Exception {
        trickle.shutdownNow();
        for (Socket s : slow) {
            s.close();
        }
        acking.set(false);
        if (acker.isAlive()) {
            acker.join(5_000);
        }
        task.stop();
    }

    /** Opens a connection that sends a request line and then one header byte a second, forever. */
    private Socket slowLoris() throws IOException {
        Socket s = new Socket("127.0.0.1", task.port());
        s.setSoTimeout(10); // closedByPeer's look: 50 of them stay well inside a second
        OutputStream out = s.getOutputStream();
        out.write("POST /github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        trickle.scheduleAtFixedRate(() -> {
            try {
                out.write('a');
                out.flush();
            } catch (IOException closed) {
                // the listener closed it: what this test waits for
            }
        }, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    private long healthMillis() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + "/health"))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static boolean closedByPeer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void fiftySlowLorisConnectionsStarveNeitherHealthNorASignedWebhook() throws Exception {
        start(30_000); // they stay open for the whole test
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            slow.add(slowLoris());
        }
        Thread.sleep(1_500); // every one of them has its request line in and is trickling its headers
        assertThat(slow).noneMatch(WebhookSlowClientsTest::closedByPeer);

        List<Long> health = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            health.add(healthMillis());
        }
        assertThat(health).as("GET /health, ms, with %d slow connections open", SLOW_CONNECTIONS).allMatch(ms -> ms < 1_000);
        System.out.println("GET /health with " + SLOW_CONNECTIONS + " slow-loris connections open, ms: " + health);

        byte[] body = "{\"zen\":\"hi\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + task.port() + "/github"))
                .timeout(Duration.ofSeconds(2)).headers("X-GitHub-Event", "ping", "X-GitHub-Delivery", "slow-1",
                        "X-Hub-Signature-256", "sha256=" + WebhookSourceTaskTest.hmac(WebhookSourceTaskTest.GITHUB_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(202);
        System.out.println("signed webhook answered in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    @Test
    void aConnectionWhoseHeadersTrickleInIsClosedAfterTheHeaderTimeout() throws Exception {
        start(HEADER_TIMEOUT_MS);
        long start = System.nanoTime();
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            slow.add(slowLoris());
        }
        Thread.sleep(HEADER_TIMEOUT_MS - 500);
        assertThat(slow).as("still within the header timeout").noneMatch(WebhookSlowClientsTest::closedByPeer);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MS);
        while (System.nanoTime() < deadline && !slow.stream().allMatch(WebhookSlowClientsTest::closedByPeer)) {
            Thread.sleep(100);
        }
        long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(slow).as("closed by the listener").allMatch(WebhookSlowClientsTest::closedByPeer);
        assertThat(closedAfter).isLessThan(HEADER_TIMEOUT_MS * 5 / 4 + 1_000);
        System.out.println(SLOW_CONNECTIONS + " slow-loris connections closed " + closedAfter + " ms after they opened (header timeout "
                + HEADER_TIMEOUT_MS + " ms)");
    }

    @Test
    void aBodyThatTricklesInGets408AfterTheBodyTimeout() throws Exception {
        start(HEADER_TIMEOUT_MS);
        try (Socket s = new Socket("127.0.0.1", task.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: ping\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 3; i++) { // a byte a second: never idle, never done
                    Thread.sleep(1_000);
                    out.write(' ');
                    out.flush();
                }
            } catch (IOException closed) {
                // answered and closed at the body timeout (2 s): the answer waits in the socket
            }
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 408");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
        }
    }
}
