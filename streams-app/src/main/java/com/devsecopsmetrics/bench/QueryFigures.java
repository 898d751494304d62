package com.devsecopsmetrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The three reads a user makes most, each asked {@code queries} times with the first tenth (at most 20) discarded: the
 * organisation's 90-day metrics, the organisation's snapshot, and service pages (a different service each time).
 */
final class QueryFigures {
    private QueryFigures() {
    }

    static void measure(int restPort, LocalDate lastDay, int queries, PrintStream out) throws IOException, InterruptedException {
        String base = "http://localhost:" + restPort;
        int discarded = Math.min(20, queries / 10);
        int recorded = queries - discarded;
        QueryLatency.print("GET /api/v1/metrics?scope=org over 90 days", QueryLatency.measure(base + "/api/v1/metrics?scope=org&from="
                + lastDay.minusDays(89) + "&to=" + lastDay.plusDays(1), discarded, recorded), out);
        QueryLatency.print("GET /api/v1/snapshot?scope=org as of 60 days back", QueryLatency.measure(base
                + "/api/v1/snapshot?scope=org&date=" + lastDay.minusDays(60), discarded, recorded), out);
        List<String> pages = new ArrayList<>();
        for (String id : serviceIds(base)) {
            pages.add(base + "/api/v1/services/" + id + "?date=" + lastDay);
        }
        QueryLatency.print("GET /api/v1/services/{id} (" + pages.size() + " services in turn)",
                QueryLatency.measure(pages, discarded, recorded), out);
    }

    static List<String> serviceIds(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/api/v1/services answered " + r.statusCode() + ": " + r.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode service : new ObjectMapper().readTree(r.body()).path("services")) {
            ids.add(service.path("service_id").asText());
        }
        if (ids.isEmpty()) {
            throw new IOException("/api/v1/services lists no service");
        }
        return ids;
    }
}
