package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.access.Role;
import com.devsecopsmetrics.access.TokenFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code bin/dsm token ID}: a new random token (32 bytes from the system's strong random source), and the line of
 * {@code rest.auth.tokens.file} that admits it. The token goes to standard output once, for the person who hands it
 * on; the file keeps only its SHA-256, so the token never needs to be written anywhere else.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create a random API token and print the line of rest.auth.tokens.file that admits it (README \"Security\").")
public final class TokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The token's id, as audit lines name it (letters, digits, . _ @ -).")
    String id;

    @Option(names = "--role", defaultValue = "viewer", description = "viewer, metrics or admin (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--scope", defaultValue = "*", description = "* for every team, or team:NAME (default: ${DEFAULT-VALUE}).")
    String scope;

    @Override
    public Integer call() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = "dsm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = TokenFile.line(id, Role.parse(role), scope, token);
        System.out.println("token: " + token);
        System.out.println("line:  " + line);
        System.err.println("Append the line to the file rest.auth.tokens.file names (it is re-read within a second) and hand the"
                + " token to its user; it is not shown again. Requests carry it as 'Authorization: Bearer <token>'.");
        return 0;
    }
}
