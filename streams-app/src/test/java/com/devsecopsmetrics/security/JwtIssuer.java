package com.devsecopsmetrics.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** A test identity provider: an RSA key, its public JWKS, and signed tokens with the claims single sign-on sends. */
public record JwtIssuer(RSAKey key, String issuer, String audience) {
    public static JwtIssuer create(String issuer, String audience) {
        try {
            return new JwtIssuer(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate(), issuer, audience);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JwtIssuer withAudience(String other) {
        return new JwtIssuer(key, issuer, other);
    }

    public Path writeJwks(Path file) throws Exception {
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
        return file;
    }

    /** A token for {@code subject} that expires {@code lifetime} from now (in the past when negative); a null team leaves the claim out. */
    public String sign(String subject, String role, String team, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(audience)
                .issueTime(Date.from(Instant.now().minusSeconds(600))).expirationTime(Date.from(Instant.now().plus(lifetime)))
                .claim("dsm_role", role);
        if (team != null) {
            claims.claim("dsm_team", team);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
