package com.devsecopsmetrics.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code bin/dsm} launcher (DESIGN §2). Every command inherits {@code --help} and {@code --version}. */
@Command(name = "dsm", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, version = "devsecops-metrics 0.1.0",
        description = "DevSecOps metrics on Kafka Streams: DORA with security overlays, AppSec coverage, security debt.",
        subcommands = {UpCommand.class, DemoCommand.class, RunCommand.class, LoadCommand.class, GenerateCommand.class, BenchCommand.class,
                ConvertCommand.class, ImportCommand.class, ResetCommand.class, TokenCommand.class})
public final class Dsm implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Dsm());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Users get the reason, not a stack trace; DSM_LOG_LEVEL=DEBUG shows the trace in the log.
            commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            LoggerFactory.getLogger(Dsm.class).debug("command failed", e);
            return 2;
        });
        return cl;
    }
}
