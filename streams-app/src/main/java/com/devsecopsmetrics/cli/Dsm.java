package com.devsecopsmetrics.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

import java.util.Locale;

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
        // Kafka Streams 4.4 formats "Partition %s has fetched lag of %d" for each empty input of a task on every record
        // it processes, logged or not; for a default format locale other than en_US (a host or image with LANG=C gives
        // "en"), each %d looks the locale's digits up again. That was 6% of the stream threads on the user's path. The
        // product words everything in English and writes machine-read numbers with Locale.ROOT, so nothing a user reads
        // changes, except grouping marks on the console, which become en_US's.
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
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
