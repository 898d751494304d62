package com.devsecopsmetrics.ledger;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The leading byte of a hand-written store value: the version of its layout, so a later build can tell which
 * layout a value it finds in a store or changelog was written in, and one that meets an unknown version says so
 * instead of misreading it.
 *
 * @param what    what the value is, for the message (the store itself is named by its changelog topic)
 * @param oldest  the oldest version this build still reads
 * @param current the version this build writes
 */
record StoredFormat(String what, byte oldest, byte current) {
    StoredFormat(String what, int current) {
        this(what, (byte) current, (byte) current);
    }

    /** Checks a value's leading byte; {@code topic} names the store's changelog, or null where unknown. */
    byte check(byte found, String topic) {
        if (found < oldest || found > current) {
            throw new SerializationException("cannot read " + what + (topic == null ? "" : " in " + topic) + ": unknown format version "
                    + found + ", this build reads " + (oldest == current ? String.valueOf(current) : oldest + " to " + current)
                    + " (state from a build before stored values carried their format must be reset: bin/dsm reset)");
        }
        return found;
    }
}
