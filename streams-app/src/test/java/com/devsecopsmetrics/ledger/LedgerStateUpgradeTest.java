package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.ingest.EventListSerde;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import com.devsecopsmetrics.ingest.ReleasedSchemas;
import com.devsecopsmetrics.ingest.generate.OrganisationSpec;
import com.devsecopsmetrics.ingest.generate.SyntheticOrganisation;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 6 (DESIGN §7): state written with today's schemas is read by a build whose {@code .avsc} files
 * each gain an optional field, and every answer is unchanged.
 *
 * <p>Why reading here stands for the next build reading today's state, without building it: as far as state goes,
 * that build differs from this one only in its compiled schemas, each with one more optional field (S' for today's
 * S), and in its schema history, which holds S' besides every S. Its {@link InternalAvroSerde} decodes with
 * S' as the reader schema, takes each value's writer fingerprint, finds S in the history and lets Avro resolve S
 * against S': exactly what {@link InternalAvroSerde#generic} does below with S' as the reader. So every value the
 * real topology stored is read here as the next build would read it; the test checks that each field of S holds
 * what was written and the new field its default. The next build's code computes today's answers from those
 * fields only (no code of today reads the new one), so its answers are today's. The other stores' formats (day
 * figures, contributions, strings, counters) do not depend on the {@code .avsc} files.
 *
 * <p>The reverse also holds: what the next build writes (with the new field set) is read by today's reader once its
 * history knows S', with every field equal to the original.
 */
class LedgerStateUpgradeTest {
    private static final String ADDED = "added_in_next_release";
    private static final String CHANGELOG = "ledger-test-changelog";

    @TempDir
    Path stateDir;

    @Test
    void everyFactTheTopologyStoredIsReadByABuildWhoseSchemasGainedAnOptionalField() {
        List<SpecificRecord> events = new ArrayList<>();
        // Relative to today: the application refuses events from the future and beyond retention.
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        SyntheticOrganisation.generate(new OrganisationSpec(6, 45, 15L, end), (kind, event) -> events.add(event));
        try (LedgerDriver driver = new LedgerDriver(stateDir)) {
            driver.pipe(events);
            List<CommitFacts> commits = driver.values(LedgerStores.COMMITS);
            List<Deployment> deployments = driver.values(LedgerStores.DEPLOYMENTS);
            List<ScanResult> scans = driver.values(LedgerStores.SCANS);
            List<List<Incident>> incidents = driver.values(LedgerStores.INCIDENTS);
            List<List<Finding>> findings = driver.values(LedgerStores.FINDINGS);
            assertThat(List.of(commits, deployments, scans, incidents, findings)).allSatisfy(values -> assertThat(values).isNotEmpty());

            readByNextRelease(Deployment.class, deployments);
            readByNextRelease(ScanResult.class, scans);
            readListsByNextRelease(Incident.class, incidents);
            readListsByNextRelease(Finding.class, findings);
            readCommitFactsByNextRelease(commits);
        }
    }

    /** Today's schema with one more optional field at its end, as the contract allows. */
    static Schema nextRelease(Schema today) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : today.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(ADDED, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by the next release", Schema.Field.NULL_DEFAULT_VALUE));
        Schema next = Schema.createRecord(today.getName(), today.getDoc(), today.getNamespace(), false, fields);
        today.getObjectProps().forEach(next::addProp);
        return next;
    }

    /** Today's serdes and the next build's, for one event type. */
    private record Builds<R extends SpecificRecord>(InternalAvroSerde<R> today, InternalAvroSerde<GenericRecord> todayGeneric,
                                                    InternalAvroSerde<GenericRecord> next, InternalAvroSerde<R> todayKnowingNext) {
        static <R extends SpecificRecord> Builds<R> of(Class<R> type) {
            Schema schema = SpecificData.getForClass(type).getSchema(type);
            Schema next = nextRelease(schema);
            ReleasedSchemas nextHistory = ReleasedSchemas.committed().with(next);
            return new Builds<>(InternalAvroSerde.of(type), InternalAvroSerde.generic(schema, ReleasedSchemas.committed()),
                    InternalAvroSerde.generic(next, nextHistory), InternalAvroSerde.of(type, nextHistory));
        }

        /** Checks one stored value both ways; {@code stored} is its single-object encoding as a store holds it. */
        void check(R original, ByteBuffer stored) {
            GenericRecord asWritten = todayGeneric.read(stored.duplicate(), CHANGELOG);
            GenericRecord readByNext = next.read(stored.duplicate(), CHANGELOG);
            assertSameFields(asWritten, readByNext);

            GenericRecord writtenByNext = new GenericRecordBuilder((GenericData.Record) readByNext).set(ADDED, "set by the next release").build();
            byte[] nextBytes = next.serializer().serialize(CHANGELOG, writtenByNext);
            assertThat(todayKnowingNext.deserializer().deserialize(CHANGELOG, nextBytes)).isEqualTo(original);
        }
    }

    private static void assertSameFields(GenericRecord asWritten, GenericRecord readByNext) {
        for (Schema.Field f : asWritten.getSchema().getFields()) {
            assertThat(readByNext.get(f.name())).as(asWritten.getSchema().getName() + "." + f.name()).isEqualTo(asWritten.get(f.name()));
        }
        assertThat(readByNext.get(ADDED)).isNull();
    }

    private static <R extends SpecificRecord> void readByNextRelease(Class<R> type, List<R> values) {
        Builds<R> builds = Builds.of(type);
        for (R value : values) {
            builds.check(value, ByteBuffer.wrap(builds.today().serializer().serialize(CHANGELOG, value)));
        }
    }

    private static <R extends SpecificRecord> void readListsByNextRelease(Class<R> type, List<List<R>> lists) {
        Builds<R> builds = Builds.of(type);
        Serde<List<R>> today = InternalAvroSerde.listOf(type);
        Serde<List<GenericRecord>> next = new EventListSerde<>(builds.next());
        Serde<List<GenericRecord>> todayGeneric = new EventListSerde<>(builds.todayGeneric());
        for (List<R> list : lists) {
            byte[] stored = today.serializer().serialize(CHANGELOG, list);
            List<GenericRecord> asWritten = todayGeneric.deserializer().deserialize(CHANGELOG, stored);
            List<GenericRecord> readByNext = next.deserializer().deserialize(CHANGELOG, stored);
            assertThat(readByNext).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSameFields(asWritten.get(i), readByNext.get(i));
            }
            byte[] nextBytes = next.serializer().serialize(CHANGELOG, readByNext);
            assertThat(new EventListSerde<>(builds.todayKnowingNext()).deserializer().deserialize(CHANGELOG, nextBytes)).isEqualTo(list);
        }
    }

    /** A commit's facts hold its single-object encoding after a format byte and its length (CommitFactsSerde). */
    private static void readCommitFactsByNextRelease(List<CommitFacts> facts) {
        Builds<Commit> builds = Builds.of(Commit.class);
        CommitFactsSerde serde = new CommitFactsSerde();
        int checked = 0;
        for (CommitFacts f : facts) {
            byte[] stored = serde.serializer().serialize(CHANGELOG, f);
            ByteBuffer in = ByteBuffer.wrap(stored);
            in.get();
            int length = in.getInt();
            if (f.commit() != null) {
                builds.check(f.commit(), in.slice(in.position(), length));
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }
}
