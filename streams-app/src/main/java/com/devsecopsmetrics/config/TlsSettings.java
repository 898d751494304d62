package com.devsecopsmetrics.config;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTPS for the REST listener (DESIGN §8): a PKCS12 (or JKS) key store, and with {@code rest.tls.client.auth=required}
 * a trust store every client certificate must chain to. The same key store is the instance's client certificate
 * when it forwards a query to another instance, and the trust store (or the JDK's) checks the other instance.
 */
public record TlsSettings(Path keyStore, char[] keyStorePassword, String keyStoreType, ClientAuth clientAuth,
                          Optional<Path> trustStore, char[] trustStorePassword, String trustStoreType) {
    public enum ClientAuth { NONE, REQUESTED, REQUIRED }

    public static final String KEYSTORE_LOCATION = "rest.tls.keystore.location";
    public static final String KEYSTORE_PASSWORD = "rest.tls.keystore.password";
    public static final String KEYSTORE_TYPE = "rest.tls.keystore.type";
    public static final String CLIENT_AUTH = "rest.tls.client.auth";
    public static final String TRUSTSTORE_LOCATION = "rest.tls.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "rest.tls.truststore.password";
    public static final String TRUSTSTORE_TYPE = "rest.tls.truststore.type";

    /** The TLS settings of {@code config}; empty when no key store is named (plain HTTP). */
    public static Optional<TlsSettings> of(Map<String, String> config) {
        String location = config.get(KEYSTORE_LOCATION);
        if (location == null || location.isBlank()) {
            if (config.containsKey(CLIENT_AUTH) && !"none".equalsIgnoreCase(config.get(CLIENT_AUTH))) {
                throw new IllegalArgumentException(CLIENT_AUTH + " needs TLS: set " + KEYSTORE_LOCATION);
            }
            return Optional.empty();
        }
        ClientAuth clientAuth;
        try {
            clientAuth = ClientAuth.valueOf(config.getOrDefault(CLIENT_AUTH, "none").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CLIENT_AUTH + " must be none, requested or required, got '" + config.get(CLIENT_AUTH) + "'");
        }
        Optional<Path> trust = Optional.ofNullable(config.get(TRUSTSTORE_LOCATION)).filter(s -> !s.isBlank()).map(Path::of);
        if (clientAuth != ClientAuth.NONE && trust.isEmpty()) {
            throw new IllegalArgumentException(CLIENT_AUTH + "=" + clientAuth.name().toLowerCase(Locale.ROOT)
                    + " needs " + TRUSTSTORE_LOCATION + ": the certificates that client certificates must chain to");
        }
        TlsSettings tls = new TlsSettings(Path.of(location), password(config, KEYSTORE_PASSWORD), config.getOrDefault(KEYSTORE_TYPE, "PKCS12"),
                clientAuth, trust, password(config, TRUSTSTORE_PASSWORD), config.getOrDefault(TRUSTSTORE_TYPE, "PKCS12"));
        tls.certificate(); // a missing store or a wrong password stops the start, with the reason
        trust.ifPresent(t -> tls.load(t, tls.trustStorePassword(), tls.trustStoreType()));
        return Optional.of(tls);
    }

    private static char[] password(Map<String, String> config, String key) {
        String value = config.get(key);
        return value == null ? new char[0] : value.toCharArray();
    }

    /** The HTTPS connector Javalin listens on instead of its plain one. */
    public ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(new String(keyStorePassword));
        ssl.setKeyStoreType(keyStoreType);
        ssl.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
        ssl.setWantClientAuth(clientAuth == ClientAuth.REQUESTED);
        trustStore.ifPresent(t -> {
            ssl.setTrustStorePath(t.toString());
            ssl.setTrustStorePassword(new String(trustStorePassword));
            ssl.setTrustStoreType(trustStoreType);
        });
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Instances and probes reach each other by IP as often as by name; the certificate check is the client's job.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** This instance's certificate: what it presents to clients and to the instances it forwards to. */
    public X509Certificate certificate() {
        KeyStore store = load(keyStore, keyStorePassword, keyStoreType);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate cert) {
                    return cert;
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException(KEYSTORE_LOCATION + ": " + e.getMessage());
        }
        throw new IllegalArgumentException(KEYSTORE_LOCATION + ": " + keyStore + " holds no private key with a certificate");
    }

    /** The client side of forwarded queries: this instance's key, and the trust store (or the JDK's trusted authorities). */
    public SSLContext clientContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, keyStorePassword, keyStoreType), keyStorePassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore.map(t -> load(t, trustStorePassword, trustStoreType)).orElse(null));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the TLS client of forwarded queries: " + e.getMessage());
        }
    }

    private KeyStore load(Path file, char[] password, String type) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open the " + type + " store " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + ", clientAuth=" + clientAuth + ", trustStore=" + trustStore.orElse(null) + "]";
    }
}
