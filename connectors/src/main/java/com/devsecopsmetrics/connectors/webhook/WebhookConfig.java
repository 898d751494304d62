package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.MappingConfigDef;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

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

    public static final ConfigDef DEF = MappingConfigDef.addTo(new ConfigDef()
            .define(LISTENER_HOST, ConfigDef.Type.STRING, "0.0.0.0", ConfigDef.Importance.MEDIUM, "Address the HTTP(S) listener binds")
            .define(LISTENER_PORT, ConfigDef.Type.INT, 8090, ConfigDef.Range.between(0, 65535), ConfigDef.Importance.HIGH,
                    "Port of the listener (one task listens; run one connector per port)")
            .define(LISTENER_THREADS, ConfigDef.Type.INT, 8, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "Requests handled at once (each waits for Kafka's acknowledgement)")
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
    }

    /** The secret of a source, or null when the source is not configured. */
    public String secret(String key) {
        Password p = getPassword(key);
        return p == null || p.value() == null || p.value().isEmpty() ? null : p.value();
    }
}
