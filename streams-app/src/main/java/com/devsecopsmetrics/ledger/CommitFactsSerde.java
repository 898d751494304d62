package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Commit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A commit's Avro bytes (length-prefixed, -1 when it has not arrived) followed by its deployment listing in UTF-8. */
final class CommitFactsSerde implements Serde<CommitFacts> {
    private static final byte NO_LISTING = 0;
    private static final byte LISTING = 1;
    private final InternalAvroSerde<Commit> commits = InternalAvroSerde.of(Commit.class);

    @Override
    public Serializer<CommitFacts> serializer() {
        Serializer<Commit> commit = commits.serializer();
        return (topic, facts) -> {
            if (facts == null) {
                return null;
            }
            byte[] c = facts.commit() == null ? null : commit.serialize(topic, facts.commit());
            byte[] listing = facts.deployments() == null ? new byte[0] : facts.deployments().getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(4 + (c == null ? 0 : c.length) + 1 + listing.length);
            out.putInt(c == null ? -1 : c.length);
            if (c != null) {
                out.put(c);
            }
            out.put(facts.deployments() == null ? NO_LISTING : LISTING).put(listing);
            return out.array();
        };
    }

    @Override
    public Deserializer<CommitFacts> deserializer() {
        Deserializer<Commit> commit = commits.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int length = in.getInt();
            Commit c = null;
            if (length >= 0) {
                byte[] avro = new byte[length];
                in.get(avro);
                c = commit.deserialize(topic, avro);
            }
            String listing = in.get() == NO_LISTING ? null
                    : new String(bytes, in.position(), in.remaining(), StandardCharsets.UTF_8);
            return new CommitFacts(c, listing);
        };
    }
}
