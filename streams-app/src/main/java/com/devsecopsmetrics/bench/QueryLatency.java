package com.devsecopsmetrics.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Latency of REST queries, repeated: the first ones discarded (connections, caches), then the recorded runs. */
final class QueryLatency {
    private QueryLatency() {
    }

    static Histogram measure(String url, int warmup, int runs) throws IOException, InterruptedException {
        return measure(List.of(url), warmup, runs);
    }

    /** Asks the URLs in turn, {@code warmup + runs} times in all; the first {@code warmup} are not recorded. */
    static Histogram measure(List<String> urls, int warmup, int runs) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Histogram latencies = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < warmup + runs; i++) {
            String url = urls.get(i % urls.size());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            if (r.statusCode() != 200) {
                throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= warmup) {
                latencies.recordValue(micros);
            }
        }
        return latencies;
    }

    static void print(String what, Histogram h, PrintStream out) {
        out.printf("%s, %d queries: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
