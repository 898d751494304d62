package com.devsecopsmetrics.dashboard;

import com.devsecopsmetrics.app.EmbeddedStack;
import com.devsecopsmetrics.bench.ConsumerLag;
import com.devsecopsmetrics.cli.CliRunner;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.reference.ReferenceMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A generated organisation loaded into the running app with {@code dsm load}, as the dashboard's browser tests use it. */
final class GeneratedOrganisation {
    private GeneratedOrganisation() {
    }

    /**
     * Loads every kind of {@code data} (the JSONL files of {@code dsm generate}) with nothing rejected, waits until the
     * app has consumed them, and returns the independent computation over the same files.
     */
    static ReferenceMetrics load(EmbeddedStack stack, Path data) throws Exception {
        for (String kind : ReferenceMetrics.KINDS) {
            CliRunner.Result loaded = CliRunner.run("load", "--topic", kind, "--bootstrap-server", stack.bootstrapServers(),
                    data.resolve(kind + ".jsonl").toString());
            assertThat(loaded.out()).as(kind).contains(" 0 rejected");
        }
        try (Admin admin = Admin.create(stack.config().clientProperties())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ConsumerLag.of(admin, stack.config().get(DsmConfig.APPLICATION_ID), Topics.INPUTS) == 0
                            && stack.app().streams().state() == KafkaStreams.State.RUNNING);
        }
        return ReferenceMetrics.fromDirectory(data);
    }
}
