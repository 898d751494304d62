package com.devsecopsmetrics.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} and {@code -h} on every command of the tree, so a command added later cannot lack them. */
class HelpTest {
    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // aliases are the same command
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collect(sub, subPath, into);
            }
        });
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitCodeZero() {
        List<List<String>> commands = new ArrayList<>();
        collect(Dsm.commandLine(), List.of(), commands);
        assertThat(commands).hasSizeGreaterThan(9);
        for (List<String> command : commands) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
                assertThat(r.exitCode()).as(args + ": " + r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: dsm" + (command.isEmpty() ? "" : " " + String.join(" ", command)));
                assertThat(r.err()).as(String.join(" ", args)).isEmpty();
            }
        }
    }
}
