package com.devsecopsmetrics.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer JWTs from single sign-on (DESIGN §8), verified by Nimbus JOSE+JWT: the signature by a key of the JWKS at
 * {@code rest.auth.jwks.location} (an https URL, cached and refreshed by the library, or a file re-read when it
 * changes), the issuer and audience exactly, an expiry present and not past. Only asymmetric algorithms are
 * accepted, so a JWKS that leaks its public keys signs nothing.
 */
public final class JwtAuthenticator {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String roleClaim;
    private final String teamClaim;

    public JwtAuthenticator(String jwksLocation, String issuer, String audience, String roleClaim, String teamClaim) {
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("rest.auth.jwks.location needs rest.auth.jwt.issuer and rest.auth.jwt.audience");
        }
        this.roleClaim = roleClaim;
        this.teamClaim = teamClaim;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source(jwksLocation)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"), Set.of()));
    }

    /** Whether {@code token} has the shape of a JWS (three base64url parts), so it is worth verifying. */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The caller a valid token stands for; empty when the token is not valid (bad signature, other issuer or
     * audience, expired). A valid token without a usable role, or a viewer without a team claim, is refused by
     * {@link Refused}, which the API answers with 403.
     */
    public Optional<Caller> verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
        String subject = claims.getSubject();
        Role role;
        try {
            role = Role.parse(stringClaim(claims, roleClaim));
        } catch (IllegalArgumentException e) {
            throw new Refused(subject, "the token's claim '" + roleClaim + "' names no role of this API (viewer, metrics or admin)");
        }
        String team = stringClaim(claims, teamClaim);
        if (role == Role.VIEWER && (team == null || team.isBlank())) {
            throw new Refused(subject, "the token's claim '" + teamClaim + "' names no team; use * for every team");
        }
        return Optional.of(new Caller(subject, role, team == null || team.equals("*") ? Optional.empty() : Optional.of(team)));
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }

    private static JWKSource<SecurityContext> source(String location) {
        if (location.startsWith("https://") || location.startsWith("http://")) {
            try {
                return JWKSourceBuilder.<SecurityContext>create(URI.create(location).toURL()).retrying(true).build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("rest.auth.jwks.location: malformed URL " + location);
            }
        }
        JwksFile file = new JwksFile(Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location));
        return (selector, context) -> selector.select(file.current());
    }

    /** A verified token that this API refuses all the same (403): who it is, and why. */
    public static final class Refused extends RuntimeException {
        private final String subject;

        public Refused(String subject, String reason) {
            super(reason);
            this.subject = subject;
        }

        public String subject() {
            return subject;
        }
    }

    /** A JWKS file, re-read when it changes so that keys can be rotated without a restart. */
    private static final class JwksFile {
        private static final long RECHECK_NANOS = 1_000_000_000L;
        private final Path path;
        private JWKSet keys;
        private Object version;
        private long checkedAt;

        JwksFile(Path path) {
            this.path = path;
            current(); // a missing or malformed file stops the start
        }

        synchronized JWKSet current() {
            long clock = System.nanoTime();
            if (keys != null && clock - checkedAt < RECHECK_NANOS) {
                return keys; // at most one look at the file a second, not two system calls per request
            }
            checkedAt = clock;
            try {
                Object now = List.of(Files.getLastModifiedTime(path).toMillis(), Files.size(path));
                if (!now.equals(version)) {
                    keys = JWKSet.load(path.toFile());
                    version = now;
                }
                return keys;
            } catch (IOException | ParseException e) {
                if (keys == null) {
                    throw new IllegalArgumentException("rest.auth.jwks.location: cannot read " + path + " (" + e.getMessage() + ")");
                }
                return keys; // a half-written file during rotation: keep the last good keys
            }
        }
    }
}
