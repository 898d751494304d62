package com.devsecopsmetrics.access;

import com.devsecopsmetrics.security.JwtIssuer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class JwtAuthenticatorTest {
    private static final String ISSUER = "https://sso.example";
    private static final String AUDIENCE = "devsecops-metrics";

    @TempDir
    Path dir;

    private JwtAuthenticator over(String location) {
        return new JwtAuthenticator(location, ISSUER, AUDIENCE, "dsm_role", "dsm_team");
    }

    @Test
    void aKeySetServedOverHttpVerifiesTheTokensItsKeysSign() throws Exception {
        JwtIssuer idp = JwtIssuer.create(ISSUER, AUDIENCE);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new com.nimbusds.jose.jwk.JWKSet(idp.key().toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            JwtAuthenticator jwt = over("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
            assertThat(jwt.verify(idp.sign("alice", "admin", "*", Duration.ofMinutes(5))))
                    .hasValue(new Caller("alice", Role.ADMIN, Optional.empty()));
            assertThat(jwt.verify(JwtIssuer.create(ISSUER, AUDIENCE).sign("mallory", "admin", "*", Duration.ofMinutes(5)))).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRotatedKeySetFileIsReadAgain() throws Exception {
        JwtIssuer before = JwtIssuer.create(ISSUER, AUDIENCE);
        JwtIssuer after = JwtIssuer.create(ISSUER, AUDIENCE);
        Path file = before.writeJwks(dir.resolve("jwks.json"));
        JwtAuthenticator jwt = over(file.toString());
        String next = after.sign("bob", "viewer", "payments", Duration.ofMinutes(5));
        assertThat(jwt.verify(next)).isEmpty();
        Thread.sleep(1100); // a file system may keep modification times to the second
        after.writeJwks(file);
        await().atMost(Duration.ofSeconds(5)).until(() -> jwt.verify(next).isPresent());
        assertThat(jwt.verify(next)).hasValue(new Caller("bob", Role.VIEWER, Optional.of("payments")));
    }

    @Test
    void unsignedAndSymmetricallySignedTokensAreRefused() throws Exception {
        JwtIssuer idp = JwtIssuer.create(ISSUER, AUDIENCE);
        JwtAuthenticator jwt = over(idp.writeJwks(dir.resolve("jwks.json")).toString());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("mallory").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).claim("dsm_role", "admin").claim("dsm_team", "*").build();
        assertThat(jwt.verify(new PlainJWT(new PlainHeader(), claims).serialize())).isEmpty();
        // The classic confusion: an HMAC keyed with the public key the JWKS publishes.
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.key().getKeyID()).build(), claims);
        hmac.sign(new MACSigner(idp.key().toPublicJWK().toRSAPublicKey().getEncoded()));
        assertThat(jwt.verify(hmac.serialize())).isEmpty();
        assertThat(jwt.verify("not.a.jwt")).isEmpty();
    }

    @Test
    void aKeySetNeedsAnIssuerAndAnAudience() throws Exception {
        Path file = JwtIssuer.create(ISSUER, AUDIENCE).writeJwks(dir.resolve("jwks.json"));
        assertThatThrownBy(() -> new JwtAuthenticator(file.toString(), ISSUER, null, "dsm_role", "dsm_team"))
                .hasMessageContaining("rest.auth.jwt.audience");
        assertThatThrownBy(() -> over(dir.resolve("absent.json").toString())).hasMessageContaining("rest.auth.jwks.location");
        Files.writeString(dir.resolve("broken.json"), "{");
        assertThatThrownBy(() -> over(dir.resolve("broken.json").toString())).hasMessageContaining("cannot read");
    }
}
