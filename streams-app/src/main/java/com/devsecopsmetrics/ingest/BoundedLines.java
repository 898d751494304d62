package com.devsecopsmetrics.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text, like {@link java.io.BufferedReader#readLine()}, except that a line longer than the bound is
 * never held in memory: it is skipped to its end and answered with {@link #TOO_LONG}. A file of one 2 GB line is a
 * rejected line, not an {@code OutOfMemoryError}.
 */
final class BoundedLines {
    static final String TOO_LONG = new String("(line too long)");

    private final Reader reader;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;

    BoundedLines(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, {@link #TOO_LONG} (compare by identity), or null at the end. */
    String next() throws IOException {
        StringBuilder line = null;
        boolean tooLong = false;
        while (true) {
            if (position == limit && !fill()) {
                if (line == null && !tooLong) {
                    return null;
                }
                break;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (line == null) {
                line = new StringBuilder(Math.min(length, maxChars));
            }
            // One more than the bound: a line of exactly the bound may still carry the '\r' of a CRLF ending.
            if (!tooLong && line.length() + length <= maxChars + 1) {
                line.append(buffer, start, length);
            } else {
                tooLong = true;
                line.setLength(0);
            }
            if (position < limit) {
                position++; // the newline
                break;
            }
        }
        if (tooLong) {
            return TOO_LONG;
        }
        int end = line.length();
        String text = end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        return text.length() > maxChars ? TOO_LONG : text;
    }

    private boolean fill() throws IOException {
        int n = reader.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}
