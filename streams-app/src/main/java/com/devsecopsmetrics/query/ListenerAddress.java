package com.devsecopsmetrics.query;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the REST API listens (DESIGN §8): {@code rest.bind}, the loopback address unless told otherwise. This build
 * has no authentication yet, so any other address exposes every team's open findings to whoever can reach the port:
 * it is refused unless {@code rest.auth.disabled=true} says that is meant (behind an authenticating proxy, say).
 */
public record ListenerAddress(String host) {
    public static final String DEFAULT = "127.0.0.1";

    public static ListenerAddress of(String bind, boolean authDisabled) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("rest.bind: cannot resolve '" + bind + "'");
        }
        if (!address.isLoopbackAddress() && !authDisabled) {
            throw new IllegalArgumentException("rest.bind=" + bind + " would let anyone who can reach the port read every team's"
                    + " findings, and this build has no authentication: keep the default " + DEFAULT + ", or set"
                    + " rest.auth.disabled=true to confirm the API is protected another way (an authenticating proxy, a private network)");
        }
        return new ListenerAddress(bind);
    }
}
