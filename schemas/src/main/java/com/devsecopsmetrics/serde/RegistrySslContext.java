package com.devsecopsmetrics.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the {@link SSLContext} for talking to the registry from Confluent's
 * {@code schema.registry.ssl.*} keys: a truststore to trust the registry's certificate and,
 * for mutual TLS, a keystore with the client's key.
 */
public final class RegistrySslContext {

  private RegistrySslContext() {}

  /** An SSL context if any truststore or keystore is configured; empty to use the JVM's defaults. */
  public static Optional<SSLContext> fromConfig(Map<String, ?> configs) {
    String truststore = AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION);
    String keystore = AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_KEYSTORE_LOCATION);
    if (truststore == null && keystore == null) {
      return Optional.empty();
    }
    try {
      TrustManager[] trustManagers = null; // null = the JVM's default trust (cacerts)
      if (truststore != null) {
        KeyStore store =
            load(
                truststore,
                AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD),
                AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_TRUSTSTORE_TYPE),
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION);
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        trustManagers = factory.getTrustManagers();
      }
      KeyManager[] keyManagers = null;
      if (keystore != null) {
        String storePassword = AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_KEYSTORE_PASSWORD);
        KeyStore store =
            load(
                keystore,
                storePassword,
                AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_KEYSTORE_TYPE),
                AvroSerdeConfig.SSL_KEYSTORE_LOCATION);
        String keyPassword = AvroSerdeConfig.string(configs, AvroSerdeConfig.SSL_KEY_PASSWORD);
        // As in Kafka: the key password defaults to the store password.
        String effectiveKeyPassword = keyPassword != null ? keyPassword : storePassword;
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, effectiveKeyPassword == null ? null : effectiveKeyPassword.toCharArray());
        keyManagers = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return Optional.of(context);
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(
          "cannot set up TLS for the schema registry: " + e.getMessage()
              + " (check the schema.registry.ssl.* settings)");
    }
  }

  /**
   * Loads a key store. Without an explicit type the file name decides (.p12/.pfx = PKCS12, else
   * JKS); since Java 9 either type also reads the other format, so a wrong guess still loads.
   */
  private static KeyStore load(String location, String password, String type, String key)
      throws GeneralSecurityException, IOException {
    Path path = Path.of(location);
    if (!Files.isReadable(path)) {
      throw new ConfigException(key, location, "file does not exist or is not readable");
    }
    String effectiveType = type != null ? type : guessType(location);
    KeyStore store = KeyStore.getInstance(effectiveType);
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }

  private static String guessType(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.endsWith(".p12") || lower.endsWith(".pfx") ? "PKCS12" : "JKS";
  }
}
