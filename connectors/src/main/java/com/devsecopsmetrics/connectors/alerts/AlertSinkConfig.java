package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.connectors.webhook.SecretStrength;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of {@link AlertNotificationSinkConnector}; the README lists every key. The target URL is a secret
 * (whoever holds a Slack or Teams webhook URL can post to the channel): it is a PASSWORD, which Connect hides in its
 * REST answers and logs, and no message of this class or the task names it, only its scheme and host.
 */
public final class AlertSinkConfig extends AbstractConfig {
    public static final String TARGET_TYPE = "target.type";
    public static final String TARGET_URL = "target.url";
    public static final String ALLOW_INSECURE = "target.allow.insecure.http";
    public static final String WEBHOOK_AUTHORIZATION = "webhook.authorization";
    public static final String WEBHOOK_SIGNING_SECRET = "webhook.signing.secret";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    public static final String MAX_RESPONSE_BYTES = "http.max.response.bytes";
    public static final String BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";
    public static final String ALERT_TYPES = "alert.types";
    public static final String DELIVERED_KEYS_MAX = "delivered.keys.max";

    public static final ConfigDef DEF = new ConfigDef()
            .define(TARGET_TYPE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.CaseInsensitiveValidString.in("slack", "teams", "webhook"), Importance.HIGH,
                    "slack (Slack incoming webhook), teams (Teams incoming webhook or Workflows webhook: an Adaptive Card) or webhook "
                            + "(the alert as JSON, with an Idempotency-Key header); one target per connector")
            .define(TARGET_URL, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "The webhook URL, a secret: reference it with a config provider (${file:PATH:KEY}); https only unless "
                            + ALLOW_INSECURE + " is true")
            .define(ALLOW_INSECURE, Type.BOOLEAN, false, Importance.LOW,
                    "Allow an http:// target URL (tests, a receiver on the same host); the URL and alerts then travel in clear")
            .define(WEBHOOK_AUTHORIZATION, Type.PASSWORD, null, Importance.MEDIUM,
                    "webhook only: the Authorization header value (e.g. 'Bearer <token>'); unset: none sent")
            .define(WEBHOOK_SIGNING_SECRET, Type.PASSWORD, null, Importance.MEDIUM,
                    "webhook only: a secret of at least 32 random bytes; each body is then signed in X-DSM-Signature-256: "
                            + "sha256=<HMAC-SHA256 of the body>, as the webhook source connector checks GitHub's")
            .define(CONNECT_TIMEOUT_MS, Type.INT, 5_000, Range.between(100, 60_000), Importance.LOW,
                    "Connecting to the target must succeed within this time")
            .define(REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.between(100, 120_000), Importance.LOW,
                    "One request, from sending to the whole (bounded) response, must finish within this time; else it is retried")
            .define(MAX_RESPONSE_BYTES, Type.INT, 16_384, Range.between(0, 1_048_576), Importance.LOW,
                    "At most this much of a response body is read (for the failure reason); the rest is discarded")
            .define(BACKOFF_INITIAL_MS, Type.LONG, 500L, Range.between(1, 600_000), Importance.LOW,
                    "Wait before the first retry; each further retry doubles it (with jitter), up to " + BACKOFF_MAX_MS)
            .define(BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.between(1, 600_000), Importance.LOW,
                    "Longest wait between two attempts, unless the target's Retry-After asks for longer")
            .define(RETRY_TIMEOUT_MS, Type.LONG, 60_000L, Range.between(100, 240_000), Importance.MEDIUM,
                    "How long one batch may spend retrying before the task hands it back to Connect to redeliver (posts already "
                            + "made are not repeated); below the consumer's max.poll.interval.ms (300000)")
            .define(ALERT_TYPES, Type.LIST, "", Importance.MEDIUM,
                    "Alert types sent (GATE_BYPASS_RATE_RISING, TIER1_FINDING_PAST_SLA, TIER1_COVERAGE_DROP); empty: all")
            .define(DELIVERED_KEYS_MAX, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.LOW,
                    "Idempotency keys of delivered state changes remembered by a task (oldest forgotten first), so a "
                            + "redelivered record is not posted again");

    private final TargetType target;
    private final URI url;

    public AlertSinkConfig(Map<String, String> props) {
        super(DEF, props);
        target = TargetType.parse(getString(TARGET_TYPE));
        url = checkedUrl(secret(TARGET_URL), getBoolean(ALLOW_INSECURE));
        if (target != TargetType.WEBHOOK && (secret(WEBHOOK_AUTHORIZATION) != null || secret(WEBHOOK_SIGNING_SECRET) != null)) {
            throw new ConfigException(WEBHOOK_AUTHORIZATION + " and " + WEBHOOK_SIGNING_SECRET + " apply to target.type=webhook only");
        }
        if (secret(WEBHOOK_SIGNING_SECRET) != null) {
            SecretStrength.require(WEBHOOK_SIGNING_SECRET, secret(WEBHOOK_SIGNING_SECRET));
        }
        if (getLong(BACKOFF_INITIAL_MS) > getLong(BACKOFF_MAX_MS)) {
            throw new ConfigException(BACKOFF_INITIAL_MS + " is larger than " + BACKOFF_MAX_MS);
        }
    }

    /** The URL, checked; messages name the key and the problem, never the value. */
    static URI checkedUrl(String value, boolean allowInsecure) {
        if (value == null) {
            throw new ConfigException(TARGET_URL + " is required");
        }
        if (value.contains("${")) {
            throw new ConfigException(TARGET_URL + " holds an unresolved config provider reference; check the worker's config.providers");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(TARGET_URL + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !Set.of("https", "http").contains(scheme)) {
            throw new ConfigException(TARGET_URL + " must be an absolute https:// URL");
        }
        if (scheme.equals("http") && !allowInsecure) {
            throw new ConfigException(TARGET_URL + " is http://: the webhook URL and the alerts would travel in clear; use https:// "
                    + "(or set " + ALLOW_INSECURE + "=true for a receiver on the same host)");
        }
        return uri;
    }

    TargetType target() {
        return target;
    }

    URI url() {
        return url;
    }

    /** Scheme, host and port of the target: what logs and errors may say about it. */
    String describeTarget() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    Duration connectTimeout() {
        return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS));
    }

    Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
    }

    Set<String> alertTypes() {
        List<String> types = getList(ALERT_TYPES);
        return Set.copyOf(types.stream().map(String::trim).filter(t -> !t.isEmpty()).toList());
    }

    /** A secret's value, or null when unset or empty. */
    String secret(String key) {
        Password p = getPassword(key);
        return p == null || p.value() == null || p.value().isEmpty() ? null : p.value();
    }
}
