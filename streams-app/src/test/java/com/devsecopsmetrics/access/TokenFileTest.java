package com.devsecopsmetrics.access;

import com.devsecopsmetrics.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TokenFileTest {
    @TempDir
    Path dir;

    /** SHA-256 of "abc", from FIPS 180-2's examples: the hash the file holds is the standard one. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void aLineHasFourOrFivePartsAndTheScopeIsWhatLiesBetweenRoleAndHash() {
        var callers = TokenFile.parse(List.of("# comment", "", "ci:metrics:*:" + ABC,
                "payments-lead:viewer:team:payments:" + "0".repeat(64)));
        assertThat(TokenFile.sha256("abc")).isEqualTo(ABC);
        assertThat(callers.get(ABC)).isEqualTo(new Caller("ci", Role.METRICS, Optional.empty()));
        assertThat(callers.get("0".repeat(64))).isEqualTo(new Caller("payments-lead", Role.VIEWER, Optional.of("payments")));
    }

    @Test
    void everyMalformedLineIsRefusedWithItsLineNumber() {
        String hash = "ab".repeat(32);
        for (var bad : List.of(
                List.of("x:viewer:" + hash),
                List.of("x:viewer:*:" + hash.toUpperCase()),
                List.of("x:viewer:*:" + hash.substring(1)),
                List.of("x:owner:*:" + hash),
                List.of("x:viewer:group:a:" + hash),
                List.of("x:viewer:team::" + hash),
                List.of("bad id:viewer:*:" + hash),
                List.of("x:viewer:*:" + hash, "x:admin:*:" + "2".repeat(64)),
                List.of("x:viewer:*:" + hash, "y:admin:*:" + hash))) {
            assertThatThrownBy(() -> TokenFile.parse(bad)).as(bad.toString()).hasMessageStartingWith("line " + bad.size() + ": ");
        }
    }

    @Test
    void theFileIsReadAgainWhenItChangesAndAdmitsNobodyWhileItIsBroken() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, TokenFile.line("a", Role.VIEWER, "*", "token-a") + "\n");
        TokenFile tokens = TokenFile.open(file);
        assertThat(tokens.find("token-a")).map(Caller::id).hasValue("a");
        assertThat(tokens.find("abc")).isEmpty();

        Files.writeString(file, TokenFile.line("b", Role.ADMIN, "team:x", "token-b") + "\n");
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> tokens.find("token-b").isPresent());
        assertThat(tokens.find("token-a")).isEmpty();

        Files.writeString(file, TokenFile.line("b", Role.ADMIN, "team:x", "token-b") + "\nbroken line\n");
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> tokens.find("token-b").isEmpty());
    }

    @Test
    void aMissingFileStopsTheStart() {
        assertThatThrownBy(() -> TokenFile.open(dir.resolve("absent"))).hasMessageContaining("rest.auth.tokens.file");
    }

    @Test
    void dsmTokenPrintsARandomTokenAndTheLineThatAdmitsIt() throws Exception {
        CliRunner.Result first = CliRunner.run("token", "alice", "--role", "viewer", "--scope", "team:payments");
        CliRunner.Result second = CliRunner.run("token", "alice", "--role", "viewer", "--scope", "team:payments");
        assertThat(first.exitCode()).isZero();
        String token = first.out().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7).trim();
        String line = first.out().lines().filter(l -> l.startsWith("line:")).findFirst().orElseThrow().substring(5).trim();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(second.out().lines().filter(l -> l.startsWith("token: "))
                .findFirst().orElseThrow().substring(7).trim());
        assertThat(line).isEqualTo("alice:viewer:team:payments:" + TokenFile.sha256(token)).doesNotContain(token);
        Path file = dir.resolve("tokens");
        Files.writeString(file, line + "\n");
        assertThat(TokenFile.open(file).find(token)).hasValue(new Caller("alice", Role.VIEWER, Optional.of("payments")));
        assertThat(CliRunner.run("token", "alice", "--role", "owner").exitCode()).isNotZero();
    }
}
