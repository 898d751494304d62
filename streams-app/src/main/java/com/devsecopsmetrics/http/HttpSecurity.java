package com.devsecopsmetrics.http;

import com.devsecopsmetrics.access.Authenticator;
import com.devsecopsmetrics.access.JwtAuthenticator;
import com.devsecopsmetrics.access.TokenFile;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The REST listener's protection as configured (DESIGN §8), checked once at start: a setting that does not hold
 * (an unreadable tokens file, a JWKS without issuer, a wrong key store password, a public address without
 * authentication) stops the start with the reason rather than serving unprotected.
 */
public record HttpSecurity(ListenerAddress bind, Optional<TlsSettings> tls, Authenticator authenticator,
                           Optional<String> internalToken, RequestGuard guard) {
    private static final Logger log = LoggerFactory.getLogger(HttpSecurity.class);

    public static HttpSecurity of(DsmConfig config) {
        Map<String, String> c = config.asMap();
        Optional<TlsSettings> tls = TlsSettings.of(c);
        Optional<TokenFile> tokens = setting(c, DsmConfig.REST_AUTH_TOKENS_FILE).map(f -> TokenFile.open(Path.of(f)));
        Optional<JwtAuthenticator> jwt = setting(c, DsmConfig.REST_AUTH_JWKS_LOCATION).map(location -> new JwtAuthenticator(location,
                c.get(DsmConfig.REST_AUTH_JWT_ISSUER), c.get(DsmConfig.REST_AUTH_JWT_AUDIENCE),
                c.get(DsmConfig.REST_AUTH_JWT_ROLE_CLAIM), c.get(DsmConfig.REST_AUTH_JWT_TEAM_CLAIM)));
        Optional<String> internalToken = setting(c, DsmConfig.REST_INTERNAL_TOKEN);
        Authenticator authenticator = new Authenticator(tokens, jwt, internalToken, tls.map(TlsSettings::certificate));
        boolean authDisabled = Boolean.parseBoolean(c.get(DsmConfig.REST_AUTH_DISABLED));
        ListenerAddress bind = ListenerAddress.of(c.get(DsmConfig.REST_BIND), authenticator.enabled() || authDisabled);
        if (authenticator.enabled() && !authenticator.hasInstanceCredential()) {
            log.warn("Authentication is on but neither {} nor TLS is set: the /internal/ routes refuse every caller, so with more"
                    + " than one instance a query for data another instance holds fails", DsmConfig.REST_INTERNAL_TOKEN);
        }
        if (!authenticator.enabled()) {
            log.warn("The REST API has no authentication ({} and {} are unset); it listens on {} only{}", DsmConfig.REST_AUTH_TOKENS_FILE,
                    DsmConfig.REST_AUTH_JWKS_LOCATION, bind.host(), authDisabled ? ", and rest.auth.disabled=true says it is protected another way" : "");
        }
        RequestGuard guard = new RequestGuard(authenticator, RequestGuard.allowedHosts(c.get(DsmConfig.REST_ALLOWED_HOSTS)), tls.isPresent());
        return new HttpSecurity(bind, tls, authenticator, internalToken, guard);
    }

    private static Optional<String> setting(Map<String, String> c, String key) {
        return Optional.ofNullable(c.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() {
        return "HttpSecurity[bind=" + bind + ", tls=" + tls.isPresent() + ", authentication=" + authenticator.enabled() + "]";
    }
}
