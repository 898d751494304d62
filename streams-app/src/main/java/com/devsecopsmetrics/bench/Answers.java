package com.devsecopsmetrics.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One instance's REST answers, as the bench compares them before and after a restart or a takeover. */
final class Answers {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    /** @param base the instance's address, {@code http://host:port}; paths start with {@code /} */
    Answers(String base) {
        this.base = base;
    }

    /** The body of a 200 answer; anything else is an error: there is nothing to compare with. */
    String require(String path) throws IOException, InterruptedException {
        String body = answerOrNull(path);
        if (body == null) {
            throw new IOException(base + path + " gives no answer");
        }
        return body;
    }

    /** Waits until {@code path} answers 200 with {@code expected}, or fails at {@code deadlineNanos}. */
    void awaitEqual(String path, String expected, long deadlineNanos) throws IOException, InterruptedException {
        while (!expected.equals(answerOrNull(path))) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException(base + path + " did not give its answer again in time");
            }
            Thread.sleep(100);
        }
    }

    private String answerOrNull(String path) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null; // the REST server is down between a stop and a start
        }
    }
}
