package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.ingest.generate.GenerateToDirectory;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "generate", description = "Write a synthetic organisation's history as one JSONL file per kind.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    OrganisationOptions organisation = new OrganisationOptions(30, 120, 42);

    @Option(names = "--end", description = "Last day of the history, YYYY-MM-DD (default: now); the history ends at the start of the next day.")
    LocalDate end;

    @Option(names = "--expiring-acceptances", description = "Give some risk acceptances an accepted_until (off by default, "
            + "so a seed gives the same history as before that field existed).")
    boolean expiringAcceptances;

    @Option(names = "--out", defaultValue = "generated", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (organisation.services < 1 || organisation.days < 1) {
            System.err.println("error: --services and --days must be at least 1");
            return 1;
        }
        // Without --end the history stops now: events dated later than now would be refused as from the future.
        Instant endInstant = end != null ? end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Long> counts = GenerateToDirectory.write(new OrganisationSpec(organisation.services, organisation.days, organisation.seed, endInstant,
                expiringAcceptances), out);
        counts.forEach((kind, n) -> System.out.printf("%-14s %9d events -> %s%n", kind, n, out.resolve(kind + ".jsonl")));
        System.out.printf("Load them with: for k in %s; do bin/dsm load --topic $k %s/$k.jsonl; done%n",
                String.join(" ", counts.keySet()), out);
        return 0;
    }
}
