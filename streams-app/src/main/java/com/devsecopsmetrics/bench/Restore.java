package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.EmbeddedStack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An instance that lost its disk: the application is stopped, its state dir deleted and started again on the same
 * broker. The clock runs from the stop until every given answer is served again and equals what it was before.
 */
final class Restore {
    private Restore() {
    }

    static void measure(EmbeddedStack stack, List<String> urls, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> before = new ArrayList<>();
        for (String url : urls) {
            before.add(answer(http, url));
        }
        long started = System.nanoTime();
        stack.restartApplication(true);
        long deadline = started + TimeUnit.MINUTES.toNanos(30);
        for (int i = 0; i < urls.size(); i++) {
            while (!before.get(i).equals(answerOrNull(http, urls.get(i)))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(urls.get(i) + " did not give its answer again within 30 minutes of the restart");
                }
                Thread.sleep(100);
            }
        }
        out.printf("restore: state dir deleted and the instance restarted; every answer back and equal after %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    private static String answer(HttpClient http, String url) throws IOException, InterruptedException {
        String body = answerOrNull(http, url);
        if (body == null) {
            throw new IOException(url + " gives no answer before the restart");
        }
        return body;
    }

    private static String answerOrNull(HttpClient http, String url) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null; // the REST server is down between the stop and the start
        }
    }
}
