package com.devsecopsmetrics.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** The contract's topic names (DESIGN §3 and §6) and their creation. */
public final class Topics {
    public static final String PREFIX = "devsecops.";
    public static final String SERVICES = "devsecops.services";
    public static final String COMMITS = "devsecops.commits";
    public static final String DEPLOYMENTS = "devsecops.deployments";
    public static final String INCIDENTS = "devsecops.incidents";
    public static final String SCAN_RESULTS = "devsecops.scan-results";
    public static final String FINDINGS = "devsecops.findings";
    public static final String METRICS_DAILY = "devsecops.metrics.daily";
    public static final String METRICS_SNAPSHOT = "devsecops.metrics.snapshot";
    public static final String ALERTS = "devsecops.alerts";
    public static final String DLQ = "devsecops.dlq";

    public static final List<String> INPUTS = List.of(SERVICES, COMMITS, DEPLOYMENTS, INCIDENTS, SCAN_RESULTS, FINDINGS);
    public static final List<String> OUTPUTS = List.of(METRICS_DAILY, METRICS_SNAPSHOT, ALERTS, DLQ);

    private Topics() {
    }

    /**
     * Creates every input, output and dead-letter topic that does not exist yet; existing ones are left as they are.
     * A principal without the CREATE permission (least-privilege ACLs, README "Kafka security") sees only the topics
     * it may use, and is refused the others: those are left out and returned, for an operator to create beforehand.
     * Any other failure is thrown.
     *
     * @return the topics this principal was not authorized to create (empty when all exist or were created)
     */
    public static List<String> ensure(Admin admin, int partitions, short replicationFactor) throws InterruptedException, ExecutionException {
        return ensure(admin, concat(INPUTS, OUTPUTS), partitions, replicationFactor);
    }

    /** As {@link #ensure(Admin, int, short)}, for these contract topics only. */
    public static List<String> ensure(Admin admin, List<String> names, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (String name : names) {
            if (existing.contains(name)) {
                continue;
            }
            NewTopic t = new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor));
            if (name.equals(SERVICES)) {
                // The catalogue is a table: only the newest entry per service matters.
                t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            missing.add(t);
        }
        List<String> refused = new ArrayList<>();
        for (var created : admin.createTopics(missing).values().entrySet()) {
            try {
                created.getValue().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException || e.getCause() instanceof ClusterAuthorizationException) {
                    refused.add(created.getKey());
                } else if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return refused;
    }

    /**
     * The most partitions any of these existing topics has: the number of tasks of a sub-topology reading them all.
     * Topics just created may not be in the broker's metadata yet (the controller answered the creation first), so
     * an unknown topic is asked for again for up to 30 s.
     */
    public static int maxPartitions(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .mapToInt(t -> t.partitions().size()).max().orElseThrow();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
