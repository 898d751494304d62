package com.devsecopsmetrics.serde;

import com.devsecopsmetrics.contract.ContractRules;
import org.apache.avro.SystemLimitException;

/**
 * Bounds what a declared length in Avro bytes can make the decoder allocate, through Avro's own limits
 * ({@link SystemLimitException} and its {@code org.apache.avro.limits.*} system properties): without them a
 * 13-byte record declaring a 2-billion-byte string is an {@code OutOfMemoryError}. Avro reads the properties once,
 * when that class is first used, so {@link #install()} must run before any decoding; every decoder of this project
 * calls it from a static initializer. A value set by the operator on the command line is kept.
 */
public final class AvroDecodingLimits {
    /** A string of {@link ContractRules#MAX_STRING_LENGTH} characters is at most three UTF-8 bytes a char. */
    public static final int MAX_STRING_BYTES = ContractRules.MAX_STRING_LENGTH * 3;
    public static final int MAX_BYTES = 1 << 20;
    public static final int MAX_COLLECTION_ITEMS = ContractRules.MAX_LIST_ITEMS;

    static {
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
    }

    private AvroDecodingLimits() {
    }

    /** Sets the limits (once per JVM; the work is done by this class's initializer). */
    public static void install() {
        // loading the class is the installation
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
