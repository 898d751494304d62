package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.EventRecords;
import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MalformedPayload;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.devsecopsmetrics.contract.ContractViolation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One webhook request from signature to answer. A verified body becomes its records (the raw body for the raw
 * topic, then the contract events); they wait in a queue for the task's {@code poll()}, and the request is
 * answered 2xx only once Kafka has acknowledged every one of them ({@code commitRecord}); no thread waits meanwhile.
 * Answers: 200 events written, or a duplicate of a delivery already accepted (nothing written); 202 nothing to
 * convert (the reason is in the body; the raw body is still kept); 400 not JSON, or routing parameters where the
 * payload names its own service; 401 unsigned or badly signed; 404 source not configured; 409 the same delivery is
 * being processed (retry); 413 too large (by the handler); 422 JSON that cannot be converted or breaks the contract;
 * 500 a record the worker dropped; 503 not acknowledged in time (retry).
 */
final class WebhookIntake {
    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST_HEADER = "dsm.request";
    static final Map<String, String> PARTITION = Map.of("source", "webhook");
    static final String OFFSET_RELEASES = "releases";

    private final WebhookConfig config;
    private final Converters converters;
    private final EventRecords events;
    private final String rawTopic;
    private final long ackTimeoutMs;
    private final Clock clock;
    private final SeenDeliveries seen;
    private final BlockingQueue<List<SourceRecord>> queue = new LinkedBlockingQueue<>(); // one entry per request: all or none
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Object converting = new Object();
    private volatile boolean closed;

    /** The records of one request: done once Kafka has acknowledged (or the worker dropped) every one. */
    private static final class Delivery {
        final int total;
        final AtomicInteger remaining;
        final AtomicInteger dropped = new AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Delivery(int total) {
            this.total = total;
            this.remaining = new AtomicInteger(total);
        }
    }

    /** Why a request stops before its records are queued: the answer to give. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    WebhookIntake(WebhookConfig config, Converters converters, Clock clock) {
        this.config = config;
        this.converters = converters;
        this.events = EventRecords.of(config.values(), clock);
        this.rawTopic = config.getString(WebhookConfig.RAW_TOPIC);
        this.ackTimeoutMs = config.getLong(WebhookConfig.ACK_TIMEOUT_MS);
        this.clock = clock;
        this.seen = new SeenDeliveries(config.getLong(WebhookConfig.REPLAY_WINDOW_MS), config.getInt(WebhookConfig.REPLAY_MAX_DELIVERIES));
    }

    /** The answer, once Kafka has acknowledged the request's records (or at once when it is refused). */
    CompletableFuture<WebhookServer.Response> receive(WebhookServer.Request request) {
        if (closed) {
            return answer(503, "the connector is stopping");
        }
        String source = request.source();
        UploadRouting routing;
        byte[] signed;
        try {
            routing = routing(request);
            signed = routing.signed(request.body());
            verify(request, signed, routing);
        } catch (Refused r) {
            return answer(r.status, r.getMessage());
        }
        List<String> keys = DeliveryKeys.of(request, signed);
        switch (seen.begin(keys, clock.millis())) {
            case ACCEPTED -> {
                return CompletableFuture.completedFuture(duplicate());
            }
            case IN_FLIGHT -> {
                return answer(409, "this delivery is being processed; retry");
            }
            default -> {
                // a new delivery: convert it below
            }
        }
        CompletableFuture<WebhookServer.Response> answer;
        try {
            answer = convertAndQueue(request, routing);
        } catch (RuntimeException e) {
            seen.failed(keys);
            throw e;
        }
        return answer.whenComplete((r, failure) -> {
            if (failure == null && r.status() / 100 == 2) {
                seen.accepted(keys, clock.millis());
            } else {
                seen.failed(keys);
            }
        });
    }

    /** Routing parameters are taken only where they are signed: on SARIF uploads (a webhook's payload names its repository). */
    private static UploadRouting routing(WebhookServer.Request request) {
        UploadRouting routing;
        try {
            routing = UploadRouting.of(request);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        }
        if (!routing.isEmpty() && !request.source().equals("sarif")) {
            throw new Refused(400, "routing parameters (" + routing.names() + ") are only taken on SARIF uploads: a " + request.source()
                    + " payload's service comes from its repository and the connector's service.map");
        }
        return routing;
    }

    private void verify(WebhookServer.Request request, byte[] signed, UploadRouting routing) {
        String source = request.source();
        String secretKey = switch (source) {
            case "github" -> WebhookConfig.GITHUB_SECRET;
            case "gitlab" -> WebhookConfig.GITLAB_TOKEN;
            case "pagerduty" -> WebhookConfig.PAGERDUTY_SECRET;
            default -> WebhookConfig.SARIF_SECRET;
        };
        String secret = config.secret(secretKey);
        if (secret == null) {
            throw new Refused(404, "source " + source + " is not configured (" + secretKey + ")");
        }
        Optional<String> refused = switch (source) {
            case "github", "sarif" -> WebhookSignatures.github(secret, signed, request.header(WebhookSignatures.GITHUB_HEADER));
            case "gitlab" -> WebhookSignatures.gitlab(secret, request.header(WebhookSignatures.GITLAB_HEADER));
            default -> WebhookSignatures.pagerDuty(secret, signed, request.header(WebhookSignatures.PAGERDUTY_HEADER));
        };
        if (refused.isPresent()) {
            String reason = refused.get() + (routing.isEmpty() ? "" : " (with routing parameters the signature covers the lines "
                    + routing.names().replace(", ", "=..., ") + "=... then the body: see the README)");
            log.warn("webhook {} refused: {}", source, refused.get());
            throw new Refused(401, reason);
        }
    }

    private CompletableFuture<WebhookServer.Response> convertAndQueue(WebhookServer.Request request, UploadRouting routing) {
        String source = request.source();
        Instant received = clock.instant();
        SourceContext ctx = context(request, routing, received);
        String requestId = UUID.randomUUID().toString();
        Conversion conversion;
        Delivery delivery;
        synchronized (converting) { // one conversion at a time: the release tracker's state in the offset follows the queue order
            List<SourceRecord> records = new ArrayList<>();
            Map<String, String> offset;
            try {
                conversion = converters.convert(Converters.Source.parse(source).orElseThrow(), request.body(), ctx);
                offset = Map.of(OFFSET_RELEASES, converters.releases().toJson());
                for (ContractEvent e : conversion.events()) {
                    records.add(events.record(e, PARTITION, offset, new ConnectHeaders()
                            .addString(REQUEST_HEADER, requestId).addString("dsm.source", source)));
                }
            } catch (MalformedPayload e) {
                return answer(400, e.getMessage());
            } catch (UnreadablePayload | ContractViolation e) {
                return answer(422, e.getMessage());
            }
            records.add(0, raw(request, ctx, requestId, received, conversion, offset));
            delivery = new Delivery(records.size());
            deliveries.put(requestId, delivery);
            queue.add(records);
        }
        conversion.skipped().forEach(reason -> log.info("webhook {} {}: skipped: {}", source, ctx.eventType().orElse(""), reason));
        return delivery.done.orTimeout(ackTimeoutMs, TimeUnit.MILLISECONDS)
                .handle((ok, failure) -> {
                    deliveries.remove(requestId);
                    return failure == null ? written(requestId, delivery, conversion)
                            : failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                            ? response(503, "Kafka has not acknowledged the records within " + ackTimeoutMs + " ms; retry")
                            : response(503, "the connector is stopping; retry");
                });
    }

    private WebhookServer.Response written(String requestId, Delivery delivery, Conversion conversion) {
        if (delivery.dropped.get() > 0) {
            return response(500, delivery.dropped.get() + " of " + delivery.total
                    + " records were not written (dropped by the worker: see its log and dead-letter queue)");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", conversion.events().isEmpty() ? "skipped" : "accepted");
        answer.put("request", requestId);
        ObjectNode kinds = answer.putObject("events");
        conversion.events().forEach(e -> kinds.put(e.kind(), kinds.path(e.kind()).asInt() + 1));
        conversion.skipped().forEach(answer.putArray("skipped")::add);
        return new WebhookServer.Response(conversion.events().isEmpty() ? 202 : 200, answer.toString());
    }

    private static WebhookServer.Response duplicate() {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "duplicate");
        answer.put("reason", "this delivery was already accepted; nothing was written");
        return new WebhookServer.Response(200, answer.toString());
    }

    private static SourceContext context(WebhookServer.Request request, UploadRouting routing, Instant received) {
        SourceContext ctx = SourceContext.receivedAt(received);
        String event = request.header("X-GitHub-Event");
        ctx = event != null ? ctx.withEventType(event) : ctx;
        return routing.applyTo(ctx);
    }

    private SourceRecord raw(WebhookServer.Request request, SourceContext ctx, String requestId, Instant received,
                             Conversion conversion, Map<String, String> offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(REQUEST_HEADER, requestId);
        headers.addString("dsm.source", request.source());
        ctx.eventType().ifPresent(t -> headers.addString("dsm.event.type", t));
        ctx.service().ifPresent(s -> headers.addString("dsm.service", s));
        ctx.repo().ifPresent(s -> headers.addString("dsm.repo", s));
        ctx.commit().ifPresent(s -> headers.addString("dsm.commit", s));
        ctx.scanType().ifPresent(s -> headers.addString("dsm.scan.type", s));
        DeliveryKeys.deliveryId(request).ifPresent(d -> headers.addString("dsm.delivery", d));
        Optional.ofNullable(request.header("Content-Type")).ifPresent(c -> headers.addString("dsm.content.type", c));
        headers.addString("dsm.received.at", received.toString());
        headers.addInt("dsm.events", conversion.events().size());
        conversion.skipped().forEach(reason -> headers.addString("dsm.skipped", reason));
        String key = conversion.events().isEmpty() ? ctx.service().orElse(request.source()) : conversion.events().get(0).serviceId();
        return new SourceRecord(PARTITION, offset, rawTopic, null, Schema.STRING_SCHEMA, key, Schema.BYTES_SCHEMA, request.body(),
                received.toEpochMilli(), headers);
    }

    /** Everything queued so far (blocking up to {@code waitMs} for the first), or null. */
    List<SourceRecord> drain(long waitMs) throws InterruptedException {
        List<SourceRecord> first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>(first);
        List<List<SourceRecord>> more = new ArrayList<>();
        queue.drainTo(more);
        more.forEach(batch::addAll);
        return batch;
    }

    /** Kafka acknowledged {@code record} ({@code written}), or the worker filtered or dropped it. */
    void acknowledged(SourceRecord record, boolean written) {
        Header h = record.headers().lastWithName(REQUEST_HEADER);
        Delivery d = h == null ? null : deliveries.get(String.valueOf(h.value()));
        if (d == null) {
            return; // the request already timed out and was answered 503; the sender retries
        }
        if (!written) {
            d.dropped.incrementAndGet();
            log.warn("record for {} was not written (filtered or dropped by the worker)", record.topic());
        }
        if (d.remaining.decrementAndGet() == 0) {
            d.done.complete(null);
        }
    }

    /** Releases every waiting request with a 503: nothing they sent is acknowledged any more. */
    void close() {
        closed = true;
        deliveries.values().forEach(d -> d.done.completeExceptionally(new IllegalStateException("stopping")));
    }

    private static CompletableFuture<WebhookServer.Response> answer(int status, String reason) {
        return CompletableFuture.completedFuture(response(status, reason));
    }

    private static WebhookServer.Response response(int status, String reason) {
        return new WebhookServer.Response(status, error(reason));
    }

    static String error(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        return n.toString();
    }
}
