package com.devsecopsmetrics.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What Kafka's application reset tool ({@code kafka-streams-application-reset}) does, for a stopped instance of this
 * application, through the Admin client: the consumer group's offsets on the input topics go back to the earliest
 * offset, the internal topics ({@code <application.id>-...-changelog}, {@code -repartition}) are deleted, and this
 * instance's local state ({@code <state.dir>/<application.id>}, what {@code KafkaStreams#cleanUp} removes) with them.
 * The next start then reads every input again and rebuilds all state. Output topics are left as they are.
 */
public final class ApplicationReset {
    private final Admin admin;
    private final String applicationId;
    private final List<String> inputTopics;
    private final Path localState;

    /** What a reset will do, for the confirmation, and what it did. */
    public record Plan(String applicationId, Map<TopicPartition, Long> earliestOffsets, List<String> internalTopics, Path localState) {
        public String describe() {
            long topics = earliestOffsets.keySet().stream().map(TopicPartition::topic).distinct().count();
            return "application '" + applicationId + "':\n"
                    + "  - set its offsets on " + topics + " input topics (" + earliestOffsets.size() + " partitions) to the earliest\n"
                    + "  - delete its " + internalTopics.size() + " internal topics" + (internalTopics.isEmpty() ? "" : ": "
                    + String.join(", ", internalTopics)) + "\n"
                    + "  - remove its local state " + localState + (Files.exists(localState) ? "" : " (absent)");
        }
    }

    /** The application still runs: its consumer group has members, or an instance here holds the state folder. */
    public static final class StillRunning extends Exception {
        StillRunning(String message) {
            super(message);
        }
    }

    public ApplicationReset(Admin admin, String applicationId, List<String> inputTopics, Path stateDir) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.inputTopics = inputTopics;
        this.localState = stateDir.toAbsolutePath().resolve(applicationId);
    }

    /** Kafka Streams' own naming of internal topics, as the reset tool matches them. */
    static boolean isInternalTopic(String applicationId, String topic) {
        return topic.startsWith(applicationId + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition")
                || topic.endsWith("-subscription-registration-topic") || topic.endsWith("-subscription-response-topic"));
    }

    public Plan plan() throws StillRunning, ExecutionException, InterruptedException, IOException {
        requireStopped();
        Set<String> existing = admin.listTopics().names().get();
        List<String> internal = existing.stream().filter(t -> isInternalTopic(applicationId, t)).sorted().toList();
        List<String> inputs = inputTopics.stream().filter(existing::contains).toList();
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(inputs).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()));
        Map<TopicPartition, Long> earliest = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        admin.listOffsets(partitions).all().get().forEach((tp, info) -> earliest.put(tp, info.offset()));
        return new Plan(applicationId, earliest, internal, localState);
    }

    /** Carries out the plan; checks again first that nothing started in between. */
    public void execute(Plan plan) throws StillRunning, ExecutionException, InterruptedException, IOException {
        requireStopped();
        if (!plan.earliestOffsets().isEmpty()) {
            // The group coordinator refuses this while the group has members, a second guard against a start in between.
            admin.alterConsumerGroupOffsets(applicationId, plan.earliestOffsets().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())))).all().get();
        }
        if (!plan.internalTopics().isEmpty()) {
            admin.deleteTopics(plan.internalTopics()).all().get();
            awaitGone(plan.internalTopics());
        }
        deleteRecursively(plan.localState());
    }

    private void requireStopped() throws StillRunning, ExecutionException, InterruptedException, IOException {
        Optional<ConsumerGroupDescription> group = group();
        if (group.isPresent() && !group.get().members().isEmpty()) {
            throw new StillRunning("the application '" + applicationId + "' is running: its consumer group has "
                    + group.get().members().size() + " active member(s). Stop every instance first; after a crash, its "
                    + "members leave the group when session.timeout.ms (45 s by default) has passed.");
        }
        Path lockFile = localState.resolve(".lock");
        if (Files.exists(lockFile)) {
            try (var held = FolderLock.tryLock(lockFile).orElseThrow(() -> new StillRunning("an instance on this machine "
                    + "still holds its local state " + localState + ": stop it first."))) {
                // free: nothing here runs the application
            }
        }
    }

    private Optional<ConsumerGroupDescription> group() throws ExecutionException, InterruptedException {
        try {
            return Optional.of(admin.describeConsumerGroups(List.of(applicationId)).describedGroups().get(applicationId).get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty(); // never started, or its group has expired: nothing runs
            }
            throw e;
        }
    }

    /** Deletion is asynchronous; a restart that finds a topic still being deleted would fail to create it. */
    private void awaitGone(List<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (admin.listTopics().names().get().stream().anyMatch(topics::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the internal topics were not deleted within 60 s: " + topics);
            }
            Thread.sleep(200);
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
