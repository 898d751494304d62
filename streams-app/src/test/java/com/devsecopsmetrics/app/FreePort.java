package com.devsecopsmetrics.app;

import java.io.IOException;
import java.net.ServerSocket;

/** A port nothing listens on now, for a broker or REST server a test starts. */
public final class FreePort {
    private FreePort() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
