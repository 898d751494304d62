package com.devsecopsmetrics.security;

import com.devsecopsmetrics.broker.EmbeddedKafka;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.TopicConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;

/**
 * The embedded KRaft broker as a secured production cluster looks to its clients: a SASL_SSL listener (SCRAM-SHA-512)
 * and a mutual-TLS listener ({@code ssl.client.auth=required}), both behind the StandardAuthorizer with
 * {@code allow.everyone.if.no.acl.found=false}, so whatever no ACL allows is denied.
 * <p>
 * The broker's own PLAINTEXT listener (also the inter-broker and controller one) is the operator's: its principal,
 * {@code User:ANONYMOUS}, is the only super user. The test uses it to create users, topics and ACLs and to read
 * results; no application client is ever given it. mTLS principals are mapped to the certificate's CN by
 * {@code ssl.principal.mapping.rules} (see {@link #PRINCIPAL_MAPPING}), so {@code CN=dsm-app} is {@code User:dsm-app}.
 */
public final class SecuredKafka implements AutoCloseable {
    public static final String SASL_SSL = "SASL_SSL";
    public static final String MTLS = "MTLS";
    public static final String PRINCIPAL_MAPPING = "RULE:^CN=([^,]+)$/$1/,DEFAULT";

    private final Path dir;
    private final TestCertificates ca;
    private final Path trustStore;
    private final EmbeddedKafka kafka;

    private SecuredKafka(Path dir) throws Exception {
        this.dir = dir;
        this.ca = TestCertificates.authority("kafka");
        this.trustStore = ca.trustStore(dir.resolve("tls/truststore.p12"));
        Path brokerStore = ca.keyStore(dir.resolve("tls/broker.p12"), "broker");
        kafka = new EmbeddedKafka(dir, freePort())
                .withListener(SASL_SSL, "SASL_SSL", freePort())
                .withListener(MTLS, "SSL", freePort())
                .withSetting("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .withSetting("allow.everyone.if.no.acl.found", "false")
                .withSetting("super.users", "User:ANONYMOUS")
                .withSetting("ssl.keystore.type", "PKCS12")
                .withSetting("ssl.keystore.location", brokerStore.toString())
                .withSetting("ssl.keystore.password", ca.password())
                .withSetting("ssl.key.password", ca.password())
                .withSetting("ssl.truststore.type", "PKCS12")
                .withSetting("ssl.truststore.location", trustStore.toString())
                .withSetting("ssl.truststore.password", ca.password())
                .withSetting("ssl.principal.mapping.rules", PRINCIPAL_MAPPING)
                .withSetting("listener.name.mtls.ssl.client.auth", "required")
                .withSetting("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .withSetting("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }

    public static SecuredKafka start(Path dir) throws Exception {
        SecuredKafka k = new SecuredKafka(dir);
        k.kafka.start();
        return k;
    }

    /** An admin client of the super user, over the operator's PLAINTEXT listener. */
    public Admin operator() {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    public String operatorBootstrap() {
        return kafka.bootstrapServers();
    }

    public void addScramUser(String user, String password) throws Exception {
        try (Admin admin = operator()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        }
    }

    /** What an operator does before any client runs: every contract topic (and the raw webhook topic), and the ACLs. */
    public void prepare(List<LeastPrivilegeAcls.Grant> grants) throws Exception {
        try (Admin admin = operator()) {
            Topics.ensure(admin, 6, (short) 1);
            admin.createTopics(List.of(new NewTopic(LeastPrivilegeAcls.RAW_WEBHOOKS, Optional.of(6), Optional.empty())
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "10485760", TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
            var bindings = LeastPrivilegeAcls.bindings(grants);
            admin.createAcls(bindings).all().get();
            // The controller commits the ACLs before the broker's authorizer has applied them: until it has, a client
            // that starts at once is refused (a test race, seen in CI). DescribeAcls answers from the broker's authorizer.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(bindings)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not apply the ACLs within 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Client settings for SASL_SSL with SCRAM-SHA-512; the password is read from {@code secrets} by the file config provider. */
    public Map<String, String> saslClient(String user, Path secrets, String passwordKey) {
        Map<String, String> p = tls();
        p.put("bootstrap.servers", kafka.bootstrapServers(SASL_SSL));
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"${file:" + secrets + ":" + passwordKey + "}\";");
        return p;
    }

    /** Client settings for mutual TLS with a fresh certificate for {@code commonName} (the principal User:commonName). */
    public Map<String, String> mtlsClient(String commonName) {
        Map<String, String> p = tls();
        p.put("bootstrap.servers", kafka.bootstrapServers(MTLS));
        p.put("security.protocol", "SSL");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", ca.keyStore(dir.resolve("tls/" + commonName + ".p12"), commonName).toString());
        p.put("ssl.keystore.password", ca.password());
        p.put("ssl.key.password", ca.password());
        return p;
    }

    /** TLS to the broker only (no client certificate): refused by the mTLS listener. */
    public Map<String, String> tlsWithoutCertificate() {
        Map<String, String> p = tls();
        p.put("bootstrap.servers", kafka.bootstrapServers(MTLS));
        p.put("security.protocol", "SSL");
        return p;
    }

    private Map<String, String> tls() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", ca.password());
        p.put("config.providers", "file");
        p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        return p;
    }

    /** The settings written as a properties file, as an operator hands them to {@code bin/dsm --config}. */
    public static Path write(Path file, Map<String, String> settings) throws Exception {
        Properties p = new Properties();
        p.putAll(settings);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
