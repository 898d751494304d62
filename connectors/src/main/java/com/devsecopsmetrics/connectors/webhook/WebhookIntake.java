package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.EventRecords;
import com.devsecopsmetrics.connectors.connect.MappingConfigDef;
import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MalformedPayload;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One webhook request from signature to answer. A verified body becomes its records (the raw body for the raw
 * topic, then the contract events); they wait in a queue for the task's {@code poll()}, and the request is
 * answered 2xx only once Kafka has acknowledged every one of them ({@code commitRecord}). Answers:
 * 200 events written, 202 nothing to convert (the reason is in the body; the raw body is still kept),
 * 400 not JSON, 401 unsigned or badly signed, 404 source not configured, 413 too large (by the server),
 * 422 JSON that cannot be converted, 500 a record the worker dropped, 503 not acknowledged in time (retry).
 */
final class WebhookIntake {
    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST_HEADER = "dsm.request";
    static final Map<String, String> PARTITION = Map.of("source", "webhook");
    static final String OFFSET_RELEASES = "releases";

    private final WebhookConfig config;
    private final Converters converters;
    private final String topicPrefix;
    private final String rawTopic;
    private final long ackTimeoutMs;
    private final Clock clock;
    private final BlockingQueue<List<SourceRecord>> queue = new LinkedBlockingQueue<>(); // one entry per request: all or none
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Object converting = new Object();
    private volatile boolean closed;

    /** The records of one request and how many Kafka has acknowledged or the worker dropped. */
    private static final class Delivery {
        final int total;
        final AtomicInteger dropped = new AtomicInteger();
        final CountDownLatch done;
        volatile boolean aborted;

        Delivery(int total) {
            this.total = total;
            this.done = new CountDownLatch(total);
        }
    }

    WebhookIntake(WebhookConfig config, Converters converters, Clock clock) {
        this.config = config;
        this.converters = converters;
        this.topicPrefix = config.getString(MappingConfigDef.TOPIC_PREFIX);
        this.rawTopic = config.getString(WebhookConfig.RAW_TOPIC);
        this.ackTimeoutMs = config.getLong(WebhookConfig.ACK_TIMEOUT_MS);
        this.clock = clock;
    }

    WebhookServer.Response receive(WebhookServer.Request request) {
        if (closed) {
            return new WebhookServer.Response(503, error("the connector is stopping"));
        }
        String source = request.source();
        String secretKey = switch (source) {
            case "github" -> WebhookConfig.GITHUB_SECRET;
            case "gitlab" -> WebhookConfig.GITLAB_TOKEN;
            case "pagerduty" -> WebhookConfig.PAGERDUTY_SECRET;
            default -> WebhookConfig.SARIF_SECRET;
        };
        String secret = config.secret(secretKey);
        if (secret == null) {
            return new WebhookServer.Response(404, error("source " + source + " is not configured (" + secretKey + ")"));
        }
        Optional<String> refused = switch (source) {
            case "github", "sarif" -> WebhookSignatures.github(secret, request.body(), request.header(WebhookSignatures.GITHUB_HEADER));
            case "gitlab" -> WebhookSignatures.gitlab(secret, request.header(WebhookSignatures.GITLAB_HEADER));
            default -> WebhookSignatures.pagerDuty(secret, request.body(), request.header(WebhookSignatures.PAGERDUTY_HEADER));
        };
        if (refused.isPresent()) {
            log.warn("webhook {} refused: {}", source, refused.get());
            return new WebhookServer.Response(401, error(refused.get()));
        }
        Instant received = clock.instant();
        SourceContext ctx = context(request, received);
        String requestId = UUID.randomUUID().toString();
        Conversion conversion;
        Delivery delivery;
        synchronized (converting) { // one conversion at a time: the release tracker's state in the offset follows the queue order
            try {
                conversion = converters.convert(Converters.Source.parse(source).orElseThrow(), request.body(), ctx);
            } catch (MalformedPayload e) {
                return new WebhookServer.Response(400, error(e.getMessage()));
            } catch (UnreadablePayload e) {
                return new WebhookServer.Response(422, error(e.getMessage()));
            }
            Map<String, String> offset = Map.of(OFFSET_RELEASES, converters.releases().toJson());
            List<SourceRecord> records = new ArrayList<>();
            records.add(raw(request, ctx, requestId, received, conversion, offset));
            for (ContractEvent e : conversion.events()) {
                records.add(EventRecords.of(e, topicPrefix, PARTITION, offset, new ConnectHeaders()
                        .addString(REQUEST_HEADER, requestId).addString("dsm.source", source)));
            }
            delivery = new Delivery(records.size());
            deliveries.put(requestId, delivery);
            queue.add(records);
        }
        conversion.skipped().forEach(reason -> log.info("webhook {} {}: skipped: {}", source, ctx.eventType().orElse(""), reason));
        return await(requestId, delivery, conversion);
    }

    private WebhookServer.Response await(String requestId, Delivery delivery, Conversion conversion) {
        try {
            boolean acked = delivery.done.await(ackTimeoutMs, TimeUnit.MILLISECONDS);
            if (!acked || delivery.aborted) {
                return new WebhookServer.Response(503, error("Kafka has not acknowledged the records within " + ackTimeoutMs + " ms; retry"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookServer.Response(503, error("interrupted while waiting for Kafka; retry"));
        } finally {
            deliveries.remove(requestId);
        }
        if (delivery.dropped.get() > 0) {
            return new WebhookServer.Response(500, error(delivery.dropped.get() + " of " + delivery.total
                    + " records were not written (dropped by the worker: see its log and dead-letter queue)"));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", conversion.events().isEmpty() ? "skipped" : "accepted");
        answer.put("request", requestId);
        ObjectNode kinds = answer.putObject("events");
        conversion.events().forEach(e -> kinds.put(e.kind(), kinds.path(e.kind()).asInt() + 1));
        conversion.skipped().forEach(answer.putArray("skipped")::add);
        return new WebhookServer.Response(conversion.events().isEmpty() ? 202 : 200, answer.toString());
    }

    private static SourceContext context(WebhookServer.Request request, Instant received) {
        SourceContext ctx = SourceContext.receivedAt(received);
        String event = request.header("X-GitHub-Event");
        ctx = event != null ? ctx.withEventType(event) : ctx;
        ctx = ctx.withService(firstOf(request, "X-DSM-Service", "service"))
                .withRepo(firstOf(request, "X-DSM-Repo", "repo"))
                .withCommit(firstOf(request, "X-DSM-Commit", "commit"))
                .withScanType(firstOf(request, "X-DSM-Scan-Type", "scan_type"));
        return ctx;
    }

    private static String firstOf(WebhookServer.Request request, String header, String queryParam) {
        String h = request.header(header);
        return h != null && !h.isBlank() ? h : request.query().get(queryParam);
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
        for (String delivery : List.of("X-GitHub-Delivery", "X-Gitlab-Event-UUID", "X-Webhook-Id")) {
            Optional.ofNullable(request.header(delivery)).ifPresent(d -> headers.addString("dsm.delivery", d));
        }
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
        d.done.countDown();
    }

    /** Releases every waiting request with a 503: nothing they sent is acknowledged any more. */
    void close() {
        closed = true;
        deliveries.values().forEach(d -> {
            d.aborted = true;
            while (d.done.getCount() > 0) {
                d.done.countDown();
            }
        });
    }

    static String error(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        return n.toString();
    }
}
