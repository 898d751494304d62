package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventProducer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Produce → visible: live production deployments dated now, and how long each takes to count in the organisation's
 * answer for today. The i-th deployment sent is taken as seen once today's count has grown by i: partitions process
 * independently, so this is the delay of the i-th to show, which is what a reader of the dashboard sees.
 */
final class Freshness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DsmConfig config;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String todayUrl;
    private final String serviceId;
    private long sequence;

    Freshness(DsmConfig config, int restPort, String serviceId) {
        this.config = config;
        this.serviceId = serviceId;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        this.todayUrl = "http://localhost:" + restPort + "/api/v1/metrics?scope=org&from=" + today + "&to=" + today.plusDays(1);
    }

    /** The first live event after a backfill, then {@code perSecond} events a second for {@code seconds}. */
    void measure(int perSecond, int seconds, PrintStream out) throws Exception {
        try (EventProducer producer = new EventProducer(config)) {
            long base = todaysDeployments();
            long sent = System.nanoTime();
            send(producer, true);
            long seen = awaitCount(base + 1, sent + TimeUnit.SECONDS.toNanos(300));
            out.printf("first live event after the backfill: visible in the org answer after %.2f s%n", (seen - sent) / 1e9);
            trickle(producer, perSecond, seconds, out);
        }
    }

    private void trickle(EventProducer producer, int perSecond, int seconds, PrintStream out) throws Exception {
        long base = todaysDeployments();
        int total = perSecond * seconds;
        long[] sentAt = new long[total];
        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                sentAt[i] = System.nanoTime();
                send(producer, false); // the producer's linger is part of the delay a live source sees
            }
        }, "bench-live-trickle");
        sender.start();
        Histogram latency = new Histogram(3_600_000_000L, 3);
        int recorded = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120L);
        while (recorded < total && System.nanoTime() < deadline) {
            long count = todaysDeployments() - base;
            long now = System.nanoTime();
            while (recorded < Math.min(count, total) && sentAt[recorded] != 0) {
                latency.recordValue((now - sentAt[recorded]) / 1000);
                recorded++;
            }
            Thread.sleep(20);
        }
        sender.join();
        out.printf("live trickle of %d events/s for %d s: %d of %d visible; produce to visible p50 %.2f s, p99 %.2f s, max %.2f s%n",
                perSecond, seconds, recorded, total, latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
    }

    private void send(EventProducer producer, boolean flush) {
        String id = "bench-live-" + (++sequence) + "-" + System.nanoTime();
        String line = "{\"deployment_id\":\"" + id + "\",\"service_id\":\"" + serviceId + "\",\"environment\":\"production\","
                + "\"status\":\"SUCCEEDED\",\"deployed_at\":\"" + Instant.now() + "\",\"commit_ids\":[],\"is_hotfix\":false,"
                + "\"security_gate\":\"PASSED\",\"evidence\":[]}";
        producer.send(EventKind.DEPLOYMENTS, ContractJson.fromJson(EventKind.DEPLOYMENTS, line));
        if (flush) {
            producer.flush();
        }
    }

    private long awaitCount(long count, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            if (todaysDeployments() >= count) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new IOException("a live event did not show in " + todayUrl + " within the deadline");
    }

    private long todaysDeployments() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(todayUrl)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return -1;
        }
        return JSON.readTree(r.body()).path("dora").path("deployments").asLong(-1);
    }
}
