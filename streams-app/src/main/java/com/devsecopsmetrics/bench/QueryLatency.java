package com.devsecopsmetrics.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Latency of one REST query, repeated: a warm-up, then the recorded runs. */
final class QueryLatency {
    private QueryLatency() {
    }

    static Histogram measure(String url, int warmup, int runs) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        Histogram latencies = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < warmup + runs; i++) {
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
}
