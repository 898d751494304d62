package com.devsecopsmetrics.k8s;

import com.devsecopsmetrics.security.LeastPrivilegeAcls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders every overlay of {@code k8s/} with {@code kubectl kustomize} and checks each object offline:
 * <ol>
 *   <li>against the typed models of the Kubernetes API (fabric8), the Prometheus operator (fabric8's
 *   monitoring.coreos.com/v1 model) and Strimzi ({@code io.strimzi:api}, kafka.strimzi.io/v1): a kind without a
 *   model, a value of the wrong type or enum, or a field the model does not know fails. The models keep unknown
 *   fields in an {@code additionalProperties} map instead of refusing them, so after reading, every model object of
 *   the tree is walked and any non-empty {@code additionalProperties} is reported with its path;</li>
 *   <li>then what the deployment promises: probes, static membership, the restricted security context, memory limit
 *   at least heap + RocksDB budget + overhead, no Secret with values, the overlays' replicas and spreading, the
 *   Strimzi topics and the KafkaUsers' ACLs equal to {@link LeastPrivilegeAcls}.</li>
 * </ol>
 * CI machines have kubectl (with its built-in kustomize); without it this test fails rather than skips.
 */
class K8sManifestsTest {
    private static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("kafka.strimzi.io/v1/KafkaConnect", KafkaConnect.class),
            Map.entry("kafka.strimzi.io/v1/KafkaConnector", KafkaConnector.class));
    /** Heap and RocksDB are not all a JVM uses: metaspace, code cache, thread stacks, direct buffers, GC. */
    private static final long MIN_OVERHEAD_MIB = 512;

    @Test
    void everyOverlayIsCheckedHere() throws IOException {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            assertThat(dirs.map(d -> d.getFileName().toString()).sorted().toList()).containsExactly("dev", "prod", "strimzi");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "strimzi"})
    void everyRenderedObjectFitsItsApiSchemaWithNoUnknownField(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            problems.addAll(schemaProblems(doc));
        }
        assertThat(problems).as("overlay %s", overlay).isEmpty();
        assertThat(docs).as("no Secret is committed; they are created by hand (README)")
                .noneMatch(d -> "Secret".equals(d.path("kind").asText()));
    }

    @Test
    void theValidationRefusesAnUnknownFieldAWrongTypeAndAnUnknownKind() throws Exception {
        JsonNode statefulSet = render("dev").stream().filter(d -> d.path("kind").asText().equals("StatefulSet")).findFirst().orElseThrow();
        JsonNode misspelt = statefulSet.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) misspelt.at("/spec/template/spec/containers/0")).set("readinesProbe", misspelt.at("/spec/template/spec/containers/0/readinessProbe"));
        assertThat(schemaProblems(misspelt)).singleElement().asString()
                .contains("StatefulSet devsecops-metrics").contains("spec.template.spec.containers[0]").contains("readinesProbe");

        JsonNode wrongType = statefulSet.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrongType.get("spec")).put("replicas", "three");
        assertThat(schemaProblems(wrongType)).singleElement().asString().contains("replicas");

        JsonNode user = YAML.readTree("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization: {type: simple, acls: [{resource: {type: topic, name: t, patternType: literal}, operations: [Read], principal: x}]}
                """);
        assertThat(schemaProblems(user)).singleElement().asString().contains("spec.authorization.acls[0]").contains("principal");

        JsonNode unknownKind = YAML.readTree("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n");
        assertThat(schemaProblems(unknownKind)).singleElement().asString().contains("no model for apps/v1/Deploymnet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "strimzi"})
    void theStatefulSetKeepsItsPromises(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        JsonNode sts = only(docs, "StatefulSet");
        JsonNode config = only(docs, "ConfigMap").path("data");
        JsonNode pod = sts.at("/spec/template/spec");
        JsonNode app = pod.at("/containers/0");
        Map<String, String> env = new java.util.HashMap<>();
        app.path("env").forEach(e -> env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "<from " + e.path("valueFrom").fieldNames().next() + ">"));

        String headless = sts.at("/spec/serviceName").asText();
        JsonNode headlessService = docs.stream().filter(d -> d.path("kind").asText().equals("Service") && d.at("/metadata/name").asText().equals(headless))
                .findFirst().orElseThrow(() -> new AssertionError("no Service " + headless));
        assertThat(headlessService.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headlessService.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
        assertThat(env).containsEntry("DSM_REST_HOST", "$(POD_NAME)." + headless).containsEntry("DSM_GROUP_INSTANCE_ID", "$(POD_NAME)")
                .containsEntry("DSM_REST_INTERNAL_TOKEN", "<from secretKeyRef>").containsEntry("KAFKA_SASL_PASSWORD", "<from secretKeyRef>")
                .containsEntry("DSM_BASIC_AUTH_USER_INFO", "<from secretKeyRef>");
        assertThat(env.get("DSM_REST_ALLOWED_HOSTS")).contains("$(POD_NAME)." + headless + ",").contains("localhost");
        assertThat(config.path("DSM_SESSION_TIMEOUT_MS").asLong()).isBetween(30_000L, 300_000L);
        assertThat(config.path("DSM_SASL_JAAS_CONFIG").asText()).contains("password=\"${env:KAFKA_SASL_PASSWORD}\"");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
        assertThat(mountPath(app, "state")).isEqualTo("/var/lib/dsm");
        assertThat(env.get("DSM_STATE_DIR")).startsWith("/var/lib/dsm/");

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(app.at("/" + probe + "/httpGet/httpHeaders/0/value").asText()).as(probe + " Host (rest.allowed.hosts)").isEqualTo("localhost");
        }
        assertThat(app.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(app.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(app.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("enableServiceLinks").asBoolean(true)).as("service links would inject DSM_* settings").isFalse();
        JsonNode sc = app.path("securityContext");
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(mountPath(app, "tmp")).isEqualTo("/tmp");
        assertThat(volume(pod, "tmp").has("emptyDir")).isTrue();

        long heap = mebibytes(matchOrFail("-Xmx(\\d+[mMgG])", env.get("JAVA_TOOL_OPTIONS")));
        long rocks = config.path("DSM_ROCKSDB_MEMORY_MB").asLong(1024);
        long limit = mebibytes(app.at("/resources/limits/memory").asText());
        assertThat(limit).as("memory limit (MiB) >= heap %d + RocksDB %d + %d", heap, rocks, MIN_OVERHEAD_MIB).isGreaterThanOrEqualTo(heap + rocks + MIN_OVERHEAD_MIB);
        assertThat(mebibytes(app.at("/resources/requests/memory").asText())).isEqualTo(limit);

        int replicas = sts.at("/spec/replicas").asInt();
        int standbys = config.path("DSM_NUM_STANDBY_REPLICAS").asInt();
        if (overlay.equals("dev")) {
            assertThat(replicas).isEqualTo(1);
            assertThat(standbys).isZero();
        } else {
            assertThat(replicas).isEqualTo(3);
            assertThat(standbys).isEqualTo(1);
            assertThat(only(docs, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(pod.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
            assertThat(pod.at("/topologySpreadConstraints/0/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "strimzi"})
    void prometheusScrapesWithAMetricsTokenAndPagesOnBypassesAndLag(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        JsonNode endpoint = only(docs, "ServiceMonitor").at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.at("/bearerTokenSecret/name").asText()).isEqualTo("devsecops-metrics-auth");
        assertThat(endpoint.at("/bearerTokenSecret/key").asText()).isEqualTo("metrics-token");
        String rules = only(docs, "PrometheusRule").toString();
        assertThat(rules).contains("dsm_alerts_open{type=\\\"GATE_BYPASS_RATE_RISING\\\"}").contains("kafka_consumer_fetch_manager_records_lag{");
    }

    @Test
    void strimziHasTheContractTopicsTheReadmeAclsAndTheProjectsConnectors() throws Exception {
        List<JsonNode> docs = render("strimzi");
        Set<String> topics = docs.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic")).map(d -> d.at("/metadata/name").asText())
                .filter(n -> n.startsWith("devsecops.")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(topics).containsExactlyInAnyOrder(Stream.of("services", "commits", "deployments", "incidents", "scan-results", "findings",
                "metrics.daily", "metrics.snapshot", "alerts", "dlq", "raw.webhooks").map(t -> "devsecops." + t).toArray(String[]::new));
        JsonNode services = docs.stream().filter(d -> d.at("/metadata/name").asText().equals("devsecops.services")).findFirst().orElseThrow();
        assertThat(services.at("/spec/config/cleanup.policy").asText()).isEqualTo("compact");

        Set<String> expected = new TreeSet<>();
        for (LeastPrivilegeAcls.Grant g : LeastPrivilegeAcls.all()) {
            for (var op : g.operations()) {
                expected.add(g.principal() + " " + g.type().name().replace("_", "").toLowerCase(Locale.ROOT) + " " + g.name() + " "
                        + g.pattern().name().toLowerCase(Locale.ROOT) + " " + op.name().toLowerCase(Locale.ROOT));
            }
        }
        Set<String> granted = new TreeSet<>();
        for (JsonNode user : docs) {
            if (!user.path("kind").asText().equals("KafkaUser")) {
                continue;
            }
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                JsonNode r = acl.path("resource");
                String pattern = r.path("patternType").asText("literal").equals("prefix") ? "prefixed" : "literal";
                for (JsonNode op : acl.path("operations")) {
                    granted.add("User:" + user.at("/metadata/name").asText() + " " + r.path("type").asText().toLowerCase(Locale.ROOT) + " "
                            + r.path("name").asText() + " " + pattern + " " + op.asText().toLowerCase(Locale.ROOT));
                }
            }
        }
        // The README's list, plus only what a distributed (Strimzi) Connect worker needs for its own group and topics.
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(expected);
        assertThat(granted).containsAll(expected);
        assertThat(extra).allMatch(a -> a.startsWith("User:dsm-connect ") && a.contains(" devsecops-connect") && !a.endsWith(" create") && !a.endsWith(" delete"));

        JsonNode connect = only(docs, "KafkaConnect");
        for (JsonNode connector : docs) {
            if (connector.path("kind").asText().equals("KafkaConnector")) {
                assertThat(connector.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(connect.at("/metadata/name").asText());
                String type = connector.at("/spec/class").asText();
                assertThat(K8sManifestsTest.class.getClassLoader().getResource(type.replace('.', '/') + ".class")).as("the connectors module has " + type).isNotNull();
            }
        }
        assertThat(connect.at("/spec/authentication/username").asText()).isEqualTo("dsm-connect");
        JsonNode sts = only(docs, "StatefulSet");
        assertThat(sts.at("/spec/template/spec/containers/0/env").toString()).contains("{\"key\":\"password\",\"name\":\"dsm-app\"}");
    }

    // --- rendering and the schema check

    private static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            fail("kubectl is needed to render k8s/overlays/" + overlay + " (kubectl kustomize), and it could not be started: " + e.getMessage()
                    + ". Install kubectl (it includes kustomize) on this machine; CI machines have it.");
            throw e;
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("kubectl kustomize k8s/overlays/" + overlay + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(new String(out, StandardCharsets.UTF_8))) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    docs.add(d);
                }
            }
        }
        assertThat(docs).as("objects rendered from %s", overlay).isNotEmpty();
        return docs;
    }

    /** Empty when the object reads into its model with nothing left over; else one line per problem. */
    static List<String> schemaProblems(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String what = doc.path("kind").asText() + " " + doc.at("/metadata/name").asText();
        Class<?> model = MODELS.get(key);
        if (model == null) {
            return List.of(what + ": no model for " + key + " (a kind or apiVersion nobody checks)");
        }
        Object typed;
        try {
            typed = YAML.treeToValue(doc, model);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            return List.of(what + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + " at " + e.getPathReference());
        } catch (IOException e) {
            return List.of(what + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        walk(typed, "", what, problems, new IdentityHashMap<>());
        return problems;
    }

    private static void walk(Object o, String path, String what, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?> || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, what, problems, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                walk(v, path + "[" + i++ + "]", what, problems, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("additionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(what + ": " + (path.isEmpty() ? "(top)" : path.substring(1)) + " has fields its schema does not know: " + extra.keySet());
                    }
                    continue;
                }
                walk(v, path + "." + f.getName(), what, problems, seen);
            }
        }
    }

    // --- small helpers

    private static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> of = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(of).as("objects of kind %s", kind).hasSize(1);
        return of.get(0);
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("no mount of " + volume);
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String matchOrFail(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new AssertionError("'" + text + "' has no " + regex);
        }
        return m.group(1);
    }

    /** Kubernetes quantities (Mi, Gi) and JVM sizes (m, g) in MiB. */
    static long mebibytes(String q) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi|m|g|M|G)").matcher(q);
        if (!m.matches()) {
            throw new AssertionError("unsupported size " + q);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "Gi", "g", "G" -> n * 1024;
            default -> n;
        };
    }
}
