package com.devsecopsmetrics.connectors.webhook;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener serves HTTPS from a PKCS12 keystore (made here with the JDK's keytool). */
class WebhookHttpsTest {
    @TempDir
    Path dir;
    private final WebhookSourceTask task = new WebhookSourceTask();

    @AfterEach
    void stop() {
        task.stop();
    }

    @Test
    void aSignedRequestOverHttpsIsAccepted() throws Exception {
        Path keystore = dir.resolve("hooks.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hooks", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        Map<String, String> props = Map.of(WebhookConfig.LISTENER_PORT, "0", WebhookConfig.LISTENER_HOST, "127.0.0.1",
                WebhookConfig.GITLAB_TOKEN, WebhookSourceTaskTest.GITLAB_TOKEN, WebhookConfig.TLS_KEYSTORE_PATH, keystore.toString(),
                WebhookConfig.TLS_KEYSTORE_PASSWORD, "changeit");
        task.initialize(WebhookSourceTaskTest.context(props));
        task.start(props);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();

        byte[] body = "{\"object_kind\":\"merge_request\"}".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<HttpResponse<String>> response = https.sendAsync(HttpRequest.newBuilder(URI.create("https://localhost:" + task.port() + "/gitlab"))
                .timeout(Duration.ofSeconds(20)).header("X-Gitlab-Token", WebhookSourceTaskTest.GITLAB_TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<SourceRecord> records = null;
        for (int i = 0; i < 40 && records == null; i++) {
            records = task.poll();
        }
        assertThat(records).hasSize(1); // the raw body: a merge request converts to no event
        task.commitRecord(records.get(0), new RecordMetadata(new TopicPartition("raw", 0), 0, 0, 0, 0, 0));
        HttpResponse<String> r = response.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).contains("GitLab event 'merge_request' is not mapped");
        assertThat(r.sslSession()).isPresent();
    }
}
