package com.devsecopsmetrics.security;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

/**
 * An HTTPS client of the tests: it trusts a test authority and presents a client certificate (or none), and can
 * also send raw bytes, for the requests Java's HTTP client refuses to make (a forged Host, oversized headers).
 */
public final class SecureClient {
    private final SSLContext context;
    private final HttpClient http;

    /** A client trusting what {@code trustStore} holds, presenting the certificate of {@code keyStore} (none when null). */
    public SecureClient(TestCertificates trusted, Path trustStore, TestCertificates issuer, Path keyStore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trusted.password()));
            context = SSLContext.getInstance("TLS");
            if (keyStore == null) {
                context.init(null, trust.getTrustManagers(), null);
            } else {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, issuer.password()), issuer.password().toCharArray());
                context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /** GET over HTTPS, with {@code Authorization: Bearer token} when a token is given. */
    public HttpResponse<String> get(int port, String pathAndQuery, String token) throws Exception {
        return getWithAuthorization(port, pathAndQuery, token == null ? null : "Bearer " + token);
    }

    /** GET over HTTPS with this {@code Authorization} header as it is (none when null). */
    public HttpResponse<String> getWithAuthorization(int port, String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request} as it is over a TLS connection and returns the whole answer (head and body). */
    public String raw(int port, String request) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.io.IOException e) {
                // the server answered and closed before reading all of an oversized request; its answer is still there
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                        break; // every answer of this API ends its JSON body with a brace
                    }
                }
            } catch (java.net.SocketTimeoutException | javax.net.ssl.SSLException e) {
                // the server closed the connection after its answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
