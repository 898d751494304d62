package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.MappingConfigDef;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Map;

/** Configuration of {@link WebhookSourceConnector}; the README lists every key. */
public final class WebhookConfig extends AbstractConfig {
    public static final String LISTENER_HOST = "listener.host";
    public static final String LISTENER_PORT = "listener.port";
    public static final String LISTENER_THREADS = "listener.threads";
    public static final String TLS_KEYSTORE_PATH = "tls.keystore.path";
    public static final String TLS_KEYSTORE_PASSWORD = "tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "tls.keystore.type";
    public static final String GITHUB_SECRET = "github.secret";
    public static final String GITLAB_TOKEN = "gitlab.token";
    public static final String PAGERDUTY_SECRET = "pagerduty.secret";
    public static final String SARIF_SECRET = "sarif.secret";
    public static final String MAX_BODY_BYTES = "max.body.bytes";
    public static final String ACK_TIMEOUT_MS = "ack.timeout.ms";
    public static final String RAW_TOPIC = "raw.topic";
    public static final String IDLE_TIMEOUT_MS = "listener.idle.timeout.ms";
    public static final String HEADER_TIMEOUT_MS = "listener.header.timeout.ms";
    public static final String BODY_TIMEOUT_MS = "listener.body.timeout.ms";
    public static final String MAX_CONNECTIONS = "listener.max.connections";
    public static final String MAX_HEADER_BYTES = "listener.max.header.bytes";
    public static final String MAX_PENDING_REQUESTS = "max.pending.requests";
    public static final String REPLAY_WINDOW_MS = "replay.window.ms";
    public static final String REPLAY_MAX_DELIVERIES = "replay.max.deliveries";
    static final List<String> SECRETS = List.of(GITHUB_SECRET, GITLAB_TOKEN, PAGERDUTY_SECRET, SARIF_SECRET);

    public static final ConfigDef DEF = MappingConfigDef.addTo(new ConfigDef()
            .define(LISTENER_HOST, ConfigDef.Type.STRING, "0.0.0.0", ConfigDef.Importance.MEDIUM, "Address the HTTP(S) listener binds")
            .define(LISTENER_PORT, ConfigDef.Type.INT, 8090, ConfigDef.Range.between(0, 65535), ConfigDef.Importance.HIGH,
                    "Port of the listener (one task listens; run one connector per port)")
            .define(LISTENER_THREADS, ConfigDef.Type.INT, 8, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "Threads that check signatures and convert; no thread waits for a slow client or for Kafka")
            .define(IDLE_TIMEOUT_MS, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.atLeast(100), ConfigDef.Importance.LOW,
                    "A connection that sends nothing for this long is closed")
            .define(HEADER_TIMEOUT_MS, ConfigDef.Type.LONG, 10_000L, ConfigDef.Range.atLeast(100), ConfigDef.Importance.LOW,
                    "The request line and headers must arrive within this time, however slowly they trickle in (else the connection is closed)")
            .define(BODY_TIMEOUT_MS, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.atLeast(100), ConfigDef.Importance.LOW,
                    "The body must arrive within this time (else 408 and the connection is closed)")
            .define(MAX_CONNECTIONS, ConfigDef.Type.INT, 512, ConfigDef.Range.atLeast(8), ConfigDef.Importance.LOW,
                    "Open connections at most; beyond, new ones wait in the operating system's accept queue")
            .define(MAX_HEADER_BYTES, ConfigDef.Type.INT, 16_384, ConfigDef.Range.atLeast(1024), ConfigDef.Importance.LOW,
                    "Larger request lines and headers get 431")
            .define(MAX_PENDING_REQUESTS, ConfigDef.Type.INT, 64, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "Webhook requests being read or waiting for Kafka at once; beyond, 503 with Retry-After (memory: this times max.body.bytes)")
            .define(REPLAY_WINDOW_MS, ConfigDef.Type.LONG, 86_400_000L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
                    "A delivery (same delivery id, or same signed body) accepted within this time is answered as a duplicate and writes nothing; 0 turns it off")
            .define(REPLAY_MAX_DELIVERIES, ConfigDef.Type.INT, 100_000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "Deliveries remembered for replay detection at most (the oldest are forgotten first)")
            .define(TLS_KEYSTORE_PATH, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM, "Keystore with the server certificate: set it to serve HTTPS")
            .define(TLS_KEYSTORE_PASSWORD, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.MEDIUM, "Password of the keystore and its key")
            .define(TLS_KEYSTORE_TYPE, ConfigDef.Type.STRING, "PKCS12", ConfigDef.Importance.LOW, "Keystore type")
            .define(GITHUB_SECRET, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH,
                    "Secret of the GitHub webhook (X-Hub-Signature-256); unset: POST /github answers 404")
            .define(GITLAB_TOKEN, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH,
                    "Secret token of the GitLab webhook (X-Gitlab-Token); unset: POST /gitlab answers 404")
            .define(PAGERDUTY_SECRET, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH,
                    "Signing secret of the PagerDuty V3 webhook subscription (X-PagerDuty-Signature); unset: POST /pagerduty answers 404")
            .define(SARIF_SECRET, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH,
                    "Secret for SARIF uploads, signed like GitHub's (X-Hub-Signature-256: sha256=<HMAC>); unset: POST /sarif answers 404")
            .define(MAX_BODY_BYTES, ConfigDef.Type.INT, 10 * 1024 * 1024, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                    "Larger bodies get 413 (the raw topic's max.message.bytes and the producer's max.request.size must allow this size)")
            .define(ACK_TIMEOUT_MS, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "How long a request waits for Kafka's acknowledgement before it gets 503 (the sender retries)")
            .define(RAW_TOPIC, ConfigDef.Type.STRING, "devsecops.raw.webhooks", ConfigDef.Importance.MEDIUM,
                    "Topic keeping every accepted body as received, with its source, event type and delivery id in headers, for replay"));

    public WebhookConfig(Map<String, String> props) {
        super(DEF, props);
        if (secret(GITHUB_SECRET) == null && secret(GITLAB_TOKEN) == null && secret(PAGERDUTY_SECRET) == null && secret(SARIF_SECRET) == null) {
            throw new ConfigException("set at least one of " + GITHUB_SECRET + ", " + GITLAB_TOKEN + ", " + PAGERDUTY_SECRET + ", " + SARIF_SECRET
                    + ": requests are only accepted with a valid signature");
        }
        for (String key : SECRETS) {
            String secret = secret(key);
            if (secret != null) {
                SecretStrength.require(key, secret);
            }
        }
    }

    /** The secret of a source, or null when the source is not configured. */
    public String secret(String key) {
        Password p = getPassword(key);
        return p == null || p.value() == null || p.value().isEmpty() ? null : p.value();
    }
}
