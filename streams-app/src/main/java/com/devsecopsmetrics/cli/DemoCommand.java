package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.ingest.EventProducer;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "demo", description = "Embedded broker, the application, and a synthetic organisation streaming in; dashboard on http://127.0.0.1:8080/.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Mixin
    StackOptions stack;

    @Mixin
    OrganisationOptions organisation = new OrganisationOptions(40, 120, 7);

    @Option(names = "--interval", defaultValue = "5", description = "Seconds between live batches (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Override
    public Integer call() throws Exception {
        return UpCommand.runUntilStopped(stack, embedded -> {
            Thread feeder = new Thread(() -> feed(embedded), "dsm-demo-feed");
            feeder.setDaemon(true);
            feeder.start();
            return () -> {
                feeder.interrupt();
                feeder.join(10_000);
            };
        });
    }

    /** Backfills the history up to now, then keeps streaming events with times near now. */
    private void feed(EmbeddedStack embedded) {
        try (EventProducer producer = new EventProducer(embedded.config())) {
            Instant now = Instant.now();
            SyntheticOrganisation org = SyntheticOrganisation.generate(new OrganisationSpec(organisation.services, organisation.days, organisation.seed, now), producer::send);
            producer.flush();
            System.out.printf("demo: loaded %d events of history (%d services, %d days); streaming live events every %ds%n",
                    producer.acknowledged(), organisation.services, organisation.days, intervalSeconds);
            Instant from = org.position();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(intervalSeconds * 1000L);
                Instant to = Instant.now();
                org.generateWindow(from, to, producer::send);
                producer.flush();
                from = to;
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (RuntimeException e) {
            log.error("demo feed stopped: {}", e.getMessage(), e);
        }
    }
}
