package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.connectors.webhook.WebhookSignatures;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one message to the target and says what came of it. Bounded: the connection within the connect timeout, the
 * whole exchange (response body included, at most {@code maxResponseBytes} of it kept) within the request timeout;
 * redirects are not followed (a redirect would send the alert, or on http a downgrade, somewhere not configured).
 */
final class HttpTarget {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String SIGNATURE = "X-DSM-Signature-256";

    /** What one attempt got: a status (with Retry-After and the start of the body), or no answer at all. */
    record Answer(int status, Optional<String> retryAfter, String body, String failure) {
        static Answer none(String failure) {
            return new Answer(0, Optional.empty(), "", failure);
        }

        boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** Worth another attempt: no answer, a timeout, too many requests, or a server error. */
        boolean transientFailure() {
            return status == 0 || status == 408 || status == 429 || status >= 500;
        }
    }

    private final HttpClient client;
    private final URI url;
    private final long requestTimeoutMs;
    private final int maxResponseBytes;
    private final TargetType target;
    private final String authorization;
    private final String signingSecret;

    HttpTarget(AlertSinkConfig config) {
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.url = config.url();
        this.requestTimeoutMs = config.requestTimeout().toMillis();
        this.maxResponseBytes = config.getInt(AlertSinkConfig.MAX_RESPONSE_BYTES);
        this.target = config.target();
        this.authorization = config.secret(AlertSinkConfig.WEBHOOK_AUTHORIZATION);
        this.signingSecret = config.secret(AlertSinkConfig.WEBHOOK_SIGNING_SECRET);
    }

    Answer post(byte[] body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMillis(requestTimeoutMs))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "devsecops-metrics-alert-sink")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target == TargetType.WEBHOOK) {
            // Slack and Teams keep no idempotency keys (and Teams Workflows refuses unknown headers on some plans).
            request.header(IDEMPOTENCY_KEY, idempotencyKey);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (signingSecret != null) {
                request.header(SIGNATURE, "sha256=" + WebhookSignatures.hmacHex(signingSecret, body));
            }
        }
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request.build(), info -> new BoundedBody(maxResponseBytes));
        try {
            // The client's own timeout ends at the response headers; this bounds a body that trickles in too.
            HttpResponse<String> r = exchange.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After"), r.body(), null);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Answer.none("no complete answer within " + requestTimeoutMs + " ms");
        } catch (ExecutionException e) {
            // The class only: an I/O message may quote the request URI, which is the secret.
            return Answer.none(e.getCause() == null ? "failed" : e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Answer.none("interrupted");
        }
    }

    /** Keeps the first {@code max} bytes of a body (decoded as UTF-8) and stops reading there. */
    private static final class BoundedBody implements BodySubscriber<String> {
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                byte[] chunk = new byte[Math.min(b.remaining(), max - kept.size())];
                b.get(chunk);
                kept.writeBytes(chunk);
            }
            if (kept.size() >= max) {
                subscription.cancel(); // enough for a reason; the rest is never read
                finish();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            finish(); // the status is what matters; a broken body keeps what arrived
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            result.complete(kept.toString(StandardCharsets.UTF_8));
        }
    }
}
