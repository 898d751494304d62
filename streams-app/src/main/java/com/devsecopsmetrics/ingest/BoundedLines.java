package com.devsecopsmetrics.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 lines of a stream, split at {@code \n} with one trailing {@code \r} dropped, except that a line longer than
 * the bound is never held in memory: it is skipped to its end and answered with {@link #TOO_LONG}. A file of one 2 GB
 * line is a rejected line, not an {@code OutOfMemoryError}.
 * <p>
 * Lines are split as bytes (a {@code \n} byte is never part of a longer UTF-8 sequence) and each is decoded once,
 * straight from the read buffer: decoding through a {@code Reader} and copying through a {@code StringBuilder} was a
 * fifth of {@code dsm load}'s reading thread. Bytes that are not UTF-8 decode to U+FFFD, as through a {@code Reader}.
 */
final class BoundedLines {
    static final String TOO_LONG = new String("(line too long)");

    private final InputStream in;
    private final int maxChars;
    /**
     * The bytes a line of {@code maxChars} characters and a {@code \r} can take: UTF-8 needs at most 3 bytes for each
     * UTF-16 character (4 for a surrogate pair, which is 2), so a longer line is too long whatever it holds.
     */
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    /** The start of a line the buffer's end cut, grown as needed up to {@link #maxBytes}. */
    private byte[] carried = new byte[0];

    BoundedLines(InputStream in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
        this.maxBytes = 3 * maxChars + 1;
    }

    /** The next line without its terminator, {@link #TOO_LONG} (compare by identity), or null at the end. */
    String next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            boolean complete = end < limit;
            position = complete ? end + 1 : end;
            if (complete && length == 0 && !tooLong) {
                return decode(buffer, start, end - start); // the usual case: the whole line is in the buffer
            }
            if (!tooLong && length + (end - start) <= maxBytes) {
                if (length + (end - start) > carried.length) {
                    carried = Arrays.copyOf(carried, Math.min(maxBytes, Math.max(2 * carried.length, length + (end - start))));
                }
                System.arraycopy(buffer, start, carried, length, end - start);
                length += end - start;
            } else {
                tooLong = true;
            }
            if (complete) {
                break;
            }
        }
        return tooLong ? TOO_LONG : decode(carried, 0, length);
    }

    private String decode(byte[] bytes, int offset, int length) {
        if (length > maxBytes) {
            return TOO_LONG;
        }
        int end = length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
        String text = new String(bytes, offset, end, StandardCharsets.UTF_8);
        return text.length() > maxChars ? TOO_LONG : text;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}
