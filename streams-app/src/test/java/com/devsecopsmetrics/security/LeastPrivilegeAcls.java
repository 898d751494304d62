package com.devsecopsmetrics.security;

import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;

/**
 * The least-privilege ACLs of README "Kafka security", in one place: KafkaSecurityIT grants exactly these (and nothing
 * else) on a broker whose authorizer denies everything else, and KafkaSecurityDocTest checks that the document's
 * {@code kafka-acls.sh} commands are exactly {@link #commands()}. Change one, and the other test tells you.
 * <p>
 * Every topic is created beforehand by an operator (the list in the document): no principal holds CREATE on a
 * contract topic. READ and WRITE imply DESCRIBE, so DESCRIBE is not granted separately.
 */
public final class LeastPrivilegeAcls {
    public static final String APP = "User:dsm-app";
    public static final String LOADER = "User:dsm-loader";
    public static final String CONNECT = "User:dsm-connect";
    public static final String APPLICATION_ID = "devsecops-metrics";
    public static final String RAW_WEBHOOKS = "devsecops.raw.webhooks";

    /** One {@code kafka-acls.sh --add} command: a principal, one resource pattern, the operations allowed on it. */
    public record Grant(String principal, ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {
        public List<AclBinding> bindings() {
            return operations.stream().map(op -> new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW))).toList();
        }

        /** The command as the document shows it (the bootstrap address and admin client config are shell variables). */
        public String command() {
            StringBuilder c = new StringBuilder("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config \"$ADMIN_CONFIG\" --add")
                    .append(" --allow-principal ").append(principal);
            operations.forEach(op -> c.append(" --operation ").append(camel(op.name())));
            switch (type) {
                case TOPIC -> c.append(" --topic ").append(name);
                case GROUP -> c.append(" --group ").append(name);
                case TRANSACTIONAL_ID -> c.append(" --transactional-id ").append(name);
                case CLUSTER -> c.append(" --cluster");
                default -> throw new IllegalStateException("no kafka-acls.sh option for " + type);
            }
            if (pattern == PREFIXED) {
                c.append(" --resource-pattern-type prefixed");
            }
            return c.toString();
        }

        private static String camel(String op) {
            StringBuilder s = new StringBuilder();
            for (String part : op.toLowerCase(Locale.ROOT).split("_")) {
                s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
            return s.toString();
        }
    }

    private LeastPrivilegeAcls() {
    }

    /** The Kafka Streams application (exactly-once v2) with {@code application.id=devsecops-metrics}. */
    public static List<Grant> application() {
        List<Grant> g = new ArrayList<>();
        Topics.INPUTS.forEach(t -> g.add(topic(APP, t, READ)));
        Topics.OUTPUTS.forEach(t -> g.add(topic(APP, t, WRITE)));
        // Its internal changelog and repartition topics: it creates them, and purges (DeleteRecords) what it consumed.
        g.add(new Grant(APP, ResourceType.TOPIC, APPLICATION_ID + "-", PREFIXED, List.of(CREATE, READ, WRITE, DELETE)));
        g.add(new Grant(APP, ResourceType.GROUP, APPLICATION_ID, LITERAL, List.of(READ)));
        g.add(new Grant(APP, ResourceType.TRANSACTIONAL_ID, APPLICATION_ID + "-", PREFIXED, List.of(WRITE)));
        return g;
    }

    /** {@code bin/dsm load}: writes the input topics, nothing else. */
    public static List<Grant> loader() {
        return Topics.INPUTS.stream().map(t -> topic(LOADER, t, WRITE)).toList();
    }

    /**
     * A standalone Kafka Connect worker running the project's source connectors: the event topics they write (every
     * input but the catalogue, which no connector produces) and the raw webhook topic.
     */
    public static List<Grant> connectWorker() {
        return Stream.concat(Topics.INPUTS.stream().filter(t -> !t.equals(Topics.SERVICES)), Stream.of(RAW_WEBHOOKS))
                .map(t -> topic(CONNECT, t, WRITE)).toList();
    }

    public static List<Grant> all() {
        List<Grant> all = new ArrayList<>(application());
        all.addAll(loader());
        all.addAll(connectWorker());
        return all;
    }

    public static List<AclBinding> bindings(List<Grant> grants) {
        return grants.stream().flatMap(g -> g.bindings().stream()).toList();
    }

    public static List<String> commands() {
        return all().stream().map(Grant::command).toList();
    }

    private static Grant topic(String principal, String name, AclOperation op) {
        return new Grant(principal, ResourceType.TOPIC, name, LITERAL, List.of(op));
    }
}
