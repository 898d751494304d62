package com.devsecopsmetrics.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code rest.auth.tokens.file} (DESIGN §8): lines {@code ID:ROLE:SCOPE:SHA256}, where the scope is {@code *} or
 * {@code team:NAME} and the hash is the lower-case hex SHA-256 of the token, so the file never holds a token. Blank
 * lines and lines starting with {@code #} are skipped. The file is re-read when its time or size changes; a file
 * that no longer reads or parses admits nobody until it is mended (fail closed), and the log says which line is wrong.
 */
public final class TokenFile {
    private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** How often a lookup may look at the file again; edits take effect within this. */
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int MAX_BYTES = 1 << 20;

    private final Path file;
    private volatile Snapshot current;

    private record Snapshot(Map<String, Caller> byHash, Object version, long checkedAt) {
    }

    private TokenFile(Path file, Snapshot first) {
        this.file = file;
        this.current = first;
    }

    /** Reads {@code file} now; a missing or malformed file stops the start with the reason. */
    public static TokenFile open(Path file) {
        try {
            return new TokenFile(file, new Snapshot(parse(read(file)), version(file), System.nanoTime()));
        } catch (IOException e) {
            throw new IllegalArgumentException("rest.auth.tokens.file: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** The caller a presented token stands for, if a line of the file names its hash. */
    public Optional<Caller> find(String token) {
        return Optional.ofNullable(fresh().byHash().get(sha256(token)));
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** One line of the file for a token: what {@code bin/dsm token} prints. */
    public static String line(String id, Role role, String scope, String token) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a token id is 1-64 letters, digits, '.', '_', '@' or '-', got '" + id + "'");
        }
        Caller.parseScope(scope);
        return id + ":" + role.name().toLowerCase(Locale.ROOT) + ":" + scope + ":" + sha256(token);
    }

    private Snapshot fresh() {
        Snapshot s = current;
        long now = System.nanoTime();
        if (now - s.checkedAt() < RECHECK_NANOS) {
            return s;
        }
        synchronized (this) {
            s = current;
            if (now - s.checkedAt() < RECHECK_NANOS) {
                return s;
            }
            Object version;
            try {
                version = version(file);
            } catch (IOException e) {
                version = "unreadable";
            }
            if (version.equals(s.version())) {
                current = new Snapshot(s.byHash(), version, now);
                return current;
            }
            Map<String, Caller> byHash;
            try {
                byHash = parse(read(file));
                log.info("rest.auth.tokens.file {} re-read: {} tokens", file, byHash.size());
            } catch (IOException | IllegalArgumentException e) {
                log.error("rest.auth.tokens.file {} cannot be used ({}); no token is accepted until it is mended", file, e.getMessage());
                byHash = Map.of();
            }
            current = new Snapshot(byHash, version, now);
            return current;
        }
    }

    private static Object version(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(a.lastModifiedTime().toMillis(), a.size(), String.valueOf(a.fileKey()));
    }

    private static List<String> read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    static Map<String, Caller> parse(List<String> lines) {
        Map<String, Caller> byHash = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (i + 1) + ": ";
            String[] parts = line.split(":", -1);
            if (parts.length != 4 && parts.length != 5) {
                throw new IllegalArgumentException(where + "expected ID:ROLE:SCOPE:SHA256, got " + parts.length + " ':'-separated parts");
            }
            String id = parts[0];
            String hash = parts[parts.length - 1];
            String scope = String.join(":", Arrays.asList(parts).subList(2, parts.length - 1));
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + "the id must be 1-64 letters, digits, '.', '_', '@' or '-'");
            }
            if (!SHA256.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + "the last part must be the lower-case hex SHA-256 of the token (64 characters)");
            }
            Caller caller;
            try {
                caller = new Caller(id, Role.parse(parts[1]), Caller.parseScope(scope));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + "the id '" + id + "' is used twice");
            }
            if (byHash.put(hash, caller) != null) {
                throw new IllegalArgumentException(where + "the same token hash is on two lines");
            }
        }
        return Map.copyOf(byHash);
    }
}
