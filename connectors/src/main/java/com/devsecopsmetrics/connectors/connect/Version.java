package com.devsecopsmetrics.connectors.connect;

/** The plugin version Connect reports ({@code GET /connector-plugins}), from the jar manifest. */
public final class Version {
    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
