package com.devsecopsmetrics.admission;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.IncidentKind;
import com.devsecopsmetrics.events.IncidentStatus;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.serde.SchemaRegistries;
import com.devsecopsmetrics.serde.SchemaRegistryClient;
import com.devsecopsmetrics.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input classes of issue 15, each as the bytes a producer could put straight on an input topic, with
 * the part of the dead-letter reason that must name what was wrong. Built by hand, not through the product's
 * producers, so nothing of the product's own validation runs before the topic.
 */
final class HostileRecords {
    /** One crafted record: its topic, key and value bytes (either may be null) and the reason it must be refused for. */
    record Hostile(String name, String topic, byte[] key, byte[] value, String reason) {
    }

    private final Serializer<Object> avro;
    private final SchemaRegistryClient registry;
    private final Instant now;
    private final Instant newest;

    /** @param newest the newest valid event time on the topics, which the retention horizon counts back from */
    HostileRecords(Serializer<Object> avro, Map<String, ?> registryConfig, Instant now, Instant newest) {
        this.avro = avro;
        this.registry = SchemaRegistries.fromConfig(registryConfig);
        this.now = now;
        this.newest = newest;
    }

    List<Hostile> all() {
        List<Hostile> all = new ArrayList<>();
        all.add(event("future-2031", deployment("hostile-future", "d1", Instant.parse("2031-01-01T00:00:00Z")).build(), "event.time.max.future.ms"));
        all.add(event("future-ten-minutes", deployment("hostile-soon", "d1", now.plusSeconds(600)).build(), "event.time.max.future.ms"));
        all.add(event("before-1970", deployment("hostile-ancient", "d1", Instant.ofEpochMilli(-86_400_000L)).build(), "before 1970"));
        all.add(event("beyond-retention", deployment("hostile-expired", "d1", newest.minusSeconds(500L * 86_400)).build(), "retention.days"));
        all.add(event("control-character-in-service-id", deployment("hostile\u001fctl", "d1", now.minusSeconds(60)).build(), "control character U+001F"));
        all.add(event("control-character-in-commit-id", commit("hostile-nul", "c\u0000", now.minusSeconds(60)), "control character U+0000"));
        all.add(event("257-character-id", deployment("h".repeat(257), "d1", now.minusSeconds(60)).build(), "must be 1 to 256 characters"));
        all.add(event("5000-character-string", deployment("hostile-long", "d1", now.minusSeconds(60)).setGateBypassReason("x".repeat(5000)).build(),
                "at most 4096"));
        all.add(event("negative-duration", deployment("hostile-negative", "d1", now.minusSeconds(60)).setPipelineMinutes(-5L).build(), "0 or more"));
        all.add(event("wait-beyond-pipeline", deployment("hostile-wait", "d1", now.minusSeconds(60)).setPipelineMinutes(5L)
                .setSecurityWaitMinutes(50L).build(), "must not exceed 'pipeline_minutes'"));
        all.add(event("incident-opened-after-it-changed", Incident.newBuilder().setIncidentId("i1").setServiceId("hostile-incident")
                .setStatus(IncidentStatus.RESOLVED).setOccurredAt(now.minusSeconds(600)).setOpenedAt(now.minusSeconds(60))
                .setKind(IncidentKind.OUTAGE).setSecurityRelated(false).build(), "must not be after 'occurred_at'"));
        all.add(event("catalogue-from-the-future", Service.newBuilder().setServiceId("hostile-catalogue").setName("n").setTeam("t")
                .setTier(Tier.TIER_1).setRepos(List.of()).setInternetFacing(false).setRegulated(false).setAttestations(List.of())
                .setUpdatedAt(Instant.parse("2031-01-01T00:00:00Z")).build(), "event.time.max.future.ms"));
        Deployment keyed = deployment("hostile-key", "d1", now.minusSeconds(60)).build();
        all.add(new Hostile("key-differs-from-service-id", "devsecops.deployments", utf8("someone-else"), avro.serialize("devsecops.deployments", keyed),
                "differs from service_id"));
        all.add(new Hostile("null-key", "devsecops.deployments", null, avro.serialize("devsecops.deployments",
                deployment("hostile-null-key", "d1", now.minusSeconds(60)).build()), "record without a key"));
        all.add(new Hostile("tombstone-on-an-event-topic", "devsecops.deployments", utf8("hostile-tombstone"), null, "tombstone"));
        all.add(new Hostile("not-avro", "devsecops.commits", utf8("hostile-json"), utf8("{\"commit_id\":\"c1\",\"service_id\":\"hostile-json\"}"),
                "unknown magic byte"));
        all.add(new Hostile("unknown-schema-id", "devsecops.commits", utf8("hostile-schema-id"), WireFormat.frame(987_654, new byte[]{2, 'c'}),
                "987654"));
        all.add(lengthBomb());
        all.add(bytesBomb());
        all.add(arrayBomb());
        all.add(unknownEnumSymbol());
        all.add(new Hostile("one-megabyte-record", "devsecops.commits", utf8("hostile-big"), avro.serialize("devsecops.commits",
                Commit.newBuilder().setCommitId("c1").setServiceId("hostile-big").setRepo("r").setAuthor("a".repeat(1_000_000))
                        .setCommittedAt(now.minusSeconds(60)).build()), "exceeds"));
        return all;
    }

    private Hostile event(String name, SpecificRecord event, String reason) {
        String topic = topicOf(event);
        String key = (String) event.get(event.getSchema().getField("service_id").pos());
        return new Hostile(name, topic, utf8(key), avro.serialize(topic, event), reason);
    }

    /** A commit whose first string declares two billion bytes: 13 bytes in all. */
    private Hostile lengthBomb() {
        int id = registry.register("devsecops.commits-value", Commit.getClassSchema());
        return new Hostile("string-length-bomb", "devsecops.commits", utf8("hostile-bomb"), framed(id, 2_000_000_000L), "exceeds");
    }

    /** A writer schema with a bytes field the reader does not know, whose length is a bomb. */
    private Hostile bytesBomb() {
        Schema writer = new Schema.Parser().parse(Commit.getClassSchema().toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"blob\",\"type\":\"bytes\"},"));
        int id = registry.register("devsecops.commits-value", writer);
        return new Hostile("bytes-length-bomb", "devsecops.commits", utf8("hostile-blob"), framed(id, 2_000_000_000L), "exceeds");
    }

    /** A scan result whose finding_ids block declares 2^30 items. */
    private Hostile arrayBomb() {
        ScanResult scan = ScanResult.newBuilder().setScanId("s1").setServiceId("hostile-array").setRepo("r").setScanner("z")
                .setScanType(ScanType.SAST).setCompletedAt(now.minusSeconds(60)).setOutcome(ScanOutcome.PASSED)
                .setCritical(0).setHigh(0).setMedium(0).setLow(0).setFindingIds(List.of("f")).build();
        byte[] real = avro.serialize("devsecops.scan-results", scan);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(real, 0, real.length - 4); // finding_ids, the last field: count 1, "f", end of blocks
        writeLong(out, 1L << 30);
        return new Hostile("array-length-bomb", "devsecops.scan-results", utf8("hostile-array"), out.toByteArray(), "exceeds");
    }

    /** A deployment written with a schema whose security_gate enum has a symbol the contract does not. */
    private Hostile unknownEnumSymbol() {
        Schema writer = new Schema.Parser().parse(Deployment.getClassSchema().toString()
                .replace("\"symbols\":[\"PASSED\",\"BYPASSED\",\"NOT_RUN\"]", "\"symbols\":[\"PASSED\",\"BYPASSED\",\"NOT_RUN\",\"WAIVED\"]"));
        int id = registry.register("devsecops.deployments-value", writer);
        Deployment d = deployment("hostile-enum", "d1", now.minusSeconds(60)).build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
            var generic = new org.apache.avro.generic.GenericData.Record(writer);
            for (Schema.Field f : writer.getFields()) {
                Object v = d.get(d.getSchema().getField(f.name()).pos());
                if (f.name().equals("security_gate")) {
                    v = new org.apache.avro.generic.GenericData.EnumSymbol(f.schema(), "WAIVED");
                } else if (f.name().equals("deployed_at")) {
                    v = ((Instant) v).toEpochMilli();
                } else if (v instanceof Enum<?> e) {
                    v = new org.apache.avro.generic.GenericData.EnumSymbol(f.schema(), e.name());
                }
                generic.put(f.name(), v);
            }
            new org.apache.avro.generic.GenericDatumWriter<>(writer).write(generic, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Hostile("unknown-enum-symbol", "devsecops.deployments", utf8("hostile-enum"), WireFormat.frame(id, body.toByteArray()),
                "WAIVED");
    }

    private static byte[] framed(int schemaId, long declaredLength) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeLong(body, declaredLength);
        return WireFormat.frame(schemaId, body.toByteArray());
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeLong(value);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Deployment.Builder deployment(String service, String id, Instant at) {
        return Deployment.newBuilder().setDeploymentId(id).setServiceId(service).setEnvironment("production")
                .setStatus(DeploymentStatus.SUCCEEDED).setDeployedAt(at).setCommitIds(List.of()).setIsHotfix(false)
                .setSecurityGate(SecurityGate.PASSED).setEvidence(List.of());
    }

    private static Commit commit(String service, String id, Instant at) {
        return Commit.newBuilder().setCommitId(id).setServiceId(service).setRepo("r").setCommittedAt(at).build();
    }

    private static String topicOf(SpecificRecord event) {
        return com.devsecopsmetrics.ingest.EventKind.ofRecord(event).orElseThrow().topic();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
