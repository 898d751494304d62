package com.devsecopsmetrics.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns a request's credentials into a {@link Caller} (DESIGN §8): the instance credential first (the
 * {@code rest.internal.token}, or this instance's own client certificate), then the tokens file, then a JWT.
 * With neither a tokens file nor a JWKS configured, authentication is off and every caller is
 * {@link Caller#UNAUTHENTICATED}; {@code /internal/} still asks for the instance credential when one is set.
 */
public final class Authenticator {
    /** Long enough for any JWT an identity provider issues; longer ones are refused before parsing. */
    public static final int MAX_CREDENTIAL_CHARS = 8192;

    private final Optional<TokenFile> tokens;
    private final Optional<JwtAuthenticator> jwt;
    private final Optional<byte[]> internalTokenHash;
    private final Optional<X509Certificate> instanceCertificate;

    public Authenticator(Optional<TokenFile> tokens, Optional<JwtAuthenticator> jwt, Optional<String> internalToken,
                         Optional<X509Certificate> instanceCertificate) {
        this.tokens = tokens;
        this.jwt = jwt;
        this.internalTokenHash = internalToken.map(Authenticator::digest);
        this.instanceCertificate = instanceCertificate;
        internalToken.ifPresent(t -> {
            if (t.length() < 32) {
                throw new IllegalArgumentException("rest.internal.token must be at least 32 characters (e.g. the output of bin/dsm token)");
            }
        });
    }

    /** Whether people must present a token: a tokens file or a JWKS is configured. */
    public boolean enabled() {
        return tokens.isPresent() || jwt.isPresent();
    }

    /** Whether another instance has a way to prove it is one. */
    public boolean hasInstanceCredential() {
        return internalTokenHash.isPresent() || instanceCertificate.isPresent();
    }

    /** What a request with this {@code Authorization} header and these client certificates proves. */
    public Outcome authenticate(String authorization, X509Certificate[] peer) {
        if (isInstance(peer)) {
            return new Outcome.Admitted(Caller.INSTANCE);
        }
        Optional<String> bearer = bearer(authorization);
        if (bearer.isPresent() && internalTokenHash.isPresent()
                && MessageDigest.isEqual(internalTokenHash.get(), digest(bearer.get()))) {
            return new Outcome.Admitted(Caller.INSTANCE);
        }
        if (!enabled()) {
            return new Outcome.Admitted(Caller.UNAUTHENTICATED);
        }
        if (authorization == null || authorization.isBlank()) {
            return new Outcome.Unknown("missing bearer token");
        }
        if (bearer.isEmpty()) {
            return new Outcome.Unknown("malformed Authorization header: use 'Bearer TOKEN'");
        }
        String token = bearer.get();
        Optional<Caller> fromFile = tokens.flatMap(t -> t.find(token));
        if (fromFile.isPresent()) {
            return new Outcome.Admitted(fromFile.get());
        }
        if (jwt.isPresent() && JwtAuthenticator.looksLikeJwt(token)) {
            try {
                Optional<Caller> fromJwt = jwt.get().verify(token);
                if (fromJwt.isPresent()) {
                    return new Outcome.Admitted(fromJwt.get());
                }
            } catch (JwtAuthenticator.Refused refused) {
                return new Outcome.Refused(refused.subject(), refused.getMessage());
            }
        }
        return new Outcome.Unknown("unknown, expired or invalid token");
    }

    private boolean isInstance(X509Certificate[] peer) {
        return peer != null && peer.length > 0 && instanceCertificate.isPresent()
                && Arrays.equals(peer[0].getPublicKey().getEncoded(), instanceCertificate.get().getPublicKey().getEncoded());
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() > MAX_CREDENTIAL_CHARS + 7) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()
                || !parts[1].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    private static byte[] digest(String token) {
        return TokenFile.sha256(token).getBytes(StandardCharsets.US_ASCII);
    }

    /** What authentication found. */
    public sealed interface Outcome {
        /** A known caller. */
        record Admitted(Caller caller) implements Outcome {
        }

        /** No credential, or one nobody issued: 401. */
        record Unknown(String reason) implements Outcome {
        }

        /** A verified identity this API still refuses: 403. */
        record Refused(String id, String reason) implements Outcome {
        }
    }
}
