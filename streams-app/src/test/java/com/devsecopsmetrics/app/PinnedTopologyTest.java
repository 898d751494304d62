package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.ingest.EventSerdes;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Pins the production topology (issue 18, "Pin behaviour first"): {@link MetricsApplication#buildTopology} with the
 * default configuration ({@link DsmConfig#defaults()}, {@link StreamsSettings#streamsProperties}, application id
 * {@code devsecops-metrics}) must describe itself exactly as {@code src/test/resources/pinned/topology.txt} says, and
 * derive exactly the internal topics of {@code src/test/resources/pinned/internal-topics.txt}.
 *
 * <p>The names of processors, state stores, source and sink topics, repartition and changelog topics are what a
 * running application's state (local stores, changelogs, repartition topics, committed offsets) is found by: a
 * rename, a store added or removed, a re-wired sub-topology, makes an upgraded application lose or misread the
 * state of the one before. A difference here is therefore not cosmetic: it breaks existing state and changelogs
 * unless the change is handled (a migration, a reset with {@code dsm reset}, an upgrade note in the README).
 *
 * <p>To re-pin deliberately: run this test with {@code -Dpinned.update=true}, e.g.
 * {@code mvn -B -ntp -pl schemas,connectors,streams-app verify -Dtest=PinnedTopologyTest -Dpinned.update=true
 * -Dit.test=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}, which rewrites
 * both files; review their diff and commit it together with the change and how existing state is handled.
 */
class PinnedTopologyTest {
    private static final String CONSEQUENCE = "Processor, store, topic, repartition or changelog names are what existing state "
            + "is found by: this change breaks existing state and changelogs of a running deployment unless it is handled "
            + "(migration, `dsm reset`, an upgrade note).";

    private static Properties properties() {
        return StreamsSettings.streamsProperties(DsmConfig.defaults());
    }

    private static Topology topology(Properties props) {
        return MetricsApplication.buildTopology(DsmConfig.defaults(), EventSerdes.from(DsmConfig.defaults()), props);
    }

    @Test
    void theDefaultTopologyIsDescribedAsPinned() {
        String description = topology(properties()).describe().toString();
        new PinnedFile("topology.txt").check(description.lines().toList(), CONSEQUENCE);
    }

    /** The changelog and repartition topics Kafka Streams derives, with the partition count a repartition asks for. */
    @Test
    void theInternalTopicsArePinned() throws ReflectiveOperationException {
        Properties props = properties();
        Topology topology = topology(props);
        var field = Topology.class.getDeclaredField("internalTopologyBuilder");
        field.setAccessible(true);
        InternalTopologyBuilder internal = (InternalTopologyBuilder) field.get(topology);
        internal.rewriteTopology(new StreamsConfig(props)); // as KafkaStreams does: the names take the application id
        internal.buildTopology(); // which names the changelog of every store that logs
        TreeSet<String> lines = new TreeSet<>();
        for (var info : internal.subtopologyToTopicsInfo().values()) {
            info.stateChangelogTopics.keySet().forEach(t -> lines.add("changelog " + t));
            info.repartitionSourceTopics.forEach((t, config) -> lines.add("repartition " + t + " partitions="
                    + config.numberOfPartitions().map(String::valueOf).orElse("as-input")));
        }
        new PinnedFile("internal-topics.txt").check(new ArrayList<>(List.copyOf(lines)), CONSEQUENCE);
    }
}
