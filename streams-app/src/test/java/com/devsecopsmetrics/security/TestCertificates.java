package com.devsecopsmetrics.security;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * A throwaway certificate authority for tests: it signs server and client certificates for {@code localhost}
 * and writes them as the PKCS12 key stores and trust stores a TLS listener (Jetty or Kafka) and its clients read.
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final String password;

    private TestCertificates(String name, KeyPair caKeys, X509Certificate ca) {
        this.name = name;
        this.caKeys = caKeys;
        this.ca = ca;
        byte[] secret = new byte[12];
        RANDOM.nextBytes(secret);
        this.password = HexFormat.of().formatHex(secret);
    }

    /** A new authority called {@code name}; certificates of different authorities do not trust each other. */
    public static TestCertificates authority(String name) {
        try {
            KeyPair keys = rsa();
            X500Name subject = new X500Name("CN=" + name + " test CA");
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TestCertificates(name, keys, cert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test certificate authority", e);
        }
    }

    /** The password of every store this authority writes. */
    public String password() {
        return password;
    }

    /** A PKCS12 key store at {@code file} with a key and a certificate for {@code localhost}, usable by a server and a client. */
    public Path keyStore(Path file, String commonName) {
        try {
            KeyPair keys = rsa();
            GeneralNames names = new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
            var builder = new JcaX509v3CertificateBuilder(ca, serial(), notBefore(), notAfter(), new X500Name("CN=" + commonName), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, names)
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(commonName, keys.getPrivate(), password.toCharArray(), new Certificate[] {cert, ca});
            return write(store, file);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a test key store for " + commonName, e);
        }
    }

    /** A PKCS12 trust store at {@code file} that trusts every certificate this authority signs. */
    public Path trustStore(Path file) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(name + "-ca", ca);
            return write(store, file);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a test trust store", e);
        }
    }

    private Path write(KeyStore store, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
