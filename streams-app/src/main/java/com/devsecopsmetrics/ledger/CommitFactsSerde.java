package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import com.devsecopsmetrics.ingest.TombstoneSerde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A format byte, the commit's single-object Avro encoding (length-prefixed, -1 when it has not arrived), then its
 * deployment listing in UTF-8.
 */
final class CommitFactsSerde implements TombstoneSerde<CommitFacts> {
    private static final StoredFormat FORMAT = new StoredFormat("commit facts", 1);
    private static final byte NO_LISTING = 0;
    private static final byte LISTING = 1;
    private final InternalAvroSerde<Commit> commits = InternalAvroSerde.of(Commit.class);

    @Override
    public byte[] encode(String topic, CommitFacts facts) {
        byte[] c = facts.commit() == null ? null : commits.encode(topic, facts.commit());
        byte[] listing = facts.deployments() == null ? new byte[0] : facts.deployments().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + (c == null ? 0 : c.length) + 1 + listing.length);
        out.put(FORMAT.current()).putInt(c == null ? -1 : c.length);
        if (c != null) {
            out.put(c);
        }
        out.put(facts.deployments() == null ? NO_LISTING : LISTING).put(listing);
        return out.array();
    }

    @Override
    public CommitFacts decode(String topic, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        FORMAT.check(in.get(), topic);
        int length = in.getInt();
        Commit c = null;
        if (length >= 0) {
            int end = in.position() + length;
            c = commits.read(in.limit(end), topic);
            in.limit(bytes.length).position(end);
        }
        String listing = in.get() == NO_LISTING ? null
                : new String(bytes, in.position(), in.remaining(), StandardCharsets.UTF_8);
        return new CommitFacts(c, listing);
    }
}
