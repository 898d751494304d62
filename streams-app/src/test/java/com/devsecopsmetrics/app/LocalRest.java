package com.devsecopsmetrics.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GET requests to a REST port on this machine, as the integration tests make them. */
final class LocalRest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalRest() {
    }

    static HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET, or -1 while nothing listens on the port. */
    static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
