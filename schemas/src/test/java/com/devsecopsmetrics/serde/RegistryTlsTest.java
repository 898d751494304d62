package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema.registry.ssl.* keys against an HTTPS registry with a self-signed certificate made by keytool. */
class RegistryTlsTest {

  private static final Schema THING = SchemaBuilder.record("Thing").namespace("test").fields().requiredString("a").endRecord();
  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;
  private static Path serverKeystore;
  private static Path truststore;
  private FakeSchemaRegistryServer server;

  @BeforeAll
  static void makeCertificates() throws Exception {
    serverKeystore = dir.resolve("server.p12");
    Path certificate = dir.resolve("server.crt");
    truststore = dir.resolve("truststore.jks");
    keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", serverKeystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", "registry", "-keystore", serverKeystore.toString(), "-storepass", PASSWORD,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
        "-keystore", truststore.toString(), "-storetype", "JKS", "-storepass", PASSWORD);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
  }

  private static SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverKeystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void trusts_the_registry_through_the_configured_truststore() throws Exception {
    server = new FakeSchemaRegistryServer(null, serverContext());
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            List.of(server.url()),
            Map.of(
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString(),
                AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD));

    int id = client.register("things-value", THING);

    assertThat(server.url()).startsWith("https://");
    assertThat(client.getById(id)).isEqualTo(THING);
  }

  @Test
  void refuses_a_registry_it_does_not_trust() throws Exception {
    server = new FakeSchemaRegistryServer(null, serverContext());
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url());

    assertThatThrownBy(() -> client.register("things-value", THING))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("could not reach schema registry");
  }

  @Test
  void a_missing_truststore_file_is_a_config_error() {
    assertThatThrownBy(
            () -> RegistrySslContext.fromConfig(
                Map.of(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, dir.resolve("nope.jks").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.ssl.truststore.location");
  }

  @Test
  void a_keystore_for_mutual_tls_loads_with_the_key_password() {
    assertThat(
            RegistrySslContext.fromConfig(
                Map.of(
                    AvroSerdeConfig.SSL_KEYSTORE_LOCATION, serverKeystore.toString(),
                    AvroSerdeConfig.SSL_KEYSTORE_PASSWORD, PASSWORD,
                    AvroSerdeConfig.SSL_KEY_PASSWORD, PASSWORD)))
        .isPresent();
  }
}
