package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.config.DsmConfig;

import java.util.Set;

/** Where a browser on this machine finds the dashboard, from the REST listener's settings. */
final class DashboardUrl {
    /** The key of HTTPS (README "Configuration"); with it set, the REST port speaks only HTTPS. */
    static final String TLS_KEYSTORE = "rest.tls.keystore.location";
    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]", "*");

    private DashboardUrl() {
    }

    static String of(DsmConfig cfg, int port) {
        String value = cfg.asMap().get(TLS_KEYSTORE);
        String scheme = value != null && !value.isBlank() ? "https" : "http";
        String host = cfg.get(DsmConfig.REST_BIND);
        if (ANY_ADDRESS.contains(host)) {
            host = cfg.get(DsmConfig.REST_HOST); // listening everywhere: the name other machines are told to use
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + ":" + port + "/";
    }
}
