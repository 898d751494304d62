package com.devsecopsmetrics.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the REST API listens (DESIGN §8): {@code rest.bind}, the loopback address unless told otherwise. Without
 * authentication, any other address exposes every team's open findings to whoever can reach the port: it is refused
 * unless a tokens file or a JWKS is configured, or {@code rest.auth.disabled=true} says the API is protected another way.
 */
public record ListenerAddress(String host) {
    public static final String DEFAULT = "127.0.0.1";

    public static ListenerAddress of(String bind, boolean authenticatedOrWaived) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("rest.bind: cannot resolve '" + bind + "'");
        }
        if (!address.isLoopbackAddress() && !authenticatedOrWaived) {
            throw new IllegalArgumentException("rest.bind=" + bind + " would let anyone who can reach the port read every team's"
                    + " findings without authentication: set rest.auth.tokens.file or rest.auth.jwks.location (README \"Security\"),"
                    + " keep the default " + DEFAULT + ", or set rest.auth.disabled=true to confirm the API is protected another way"
                    + " (an authenticating proxy, a private network)");
        }
        return new ListenerAddress(bind);
    }
}
