package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.ingest.EventListSerde;
import com.devsecopsmetrics.ingest.InternalAvroSerde;
import com.devsecopsmetrics.ingest.ReleasedSchemas;
import com.devsecopsmetrics.metrics.Contribution;
import com.devsecopsmetrics.metrics.DayFigures;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every stored value leads with its format, and a value of an unknown or earlier format is refused by name. */
class StoredFormatSerdeTest {
    private static final String TOPIC = "app-ledger-findings-changelog";

    private static Finding finding(int n) {
        return Events.finding("payments", "f" + n, FindingStatus.OPENED, "2026-03-01T10:00:00Z").build();
    }

    @Test
    void aFactIsAvroSingleObjectEncodingNamingItsWriterSchema() throws IOException {
        Finding f = finding(1);
        byte[] stored = InternalAvroSerde.of(Finding.class).serializer().serialize(TOPIC, f);
        assertThat(stored[0]).isEqualTo((byte) 0xC3);
        assertThat(stored[1]).isEqualTo((byte) 0x01);
        assertThat(InternalAvroSerde.of(Finding.class).deserializer().deserialize(TOPIC, stored)).isEqualTo(f);
        // The serde reads the header itself, for speed: Avro's own decoder reads the same bytes.
        var avro = new BinaryMessageDecoder<Finding>(SpecificData.getForClass(Finding.class), Finding.getClassSchema(), ReleasedSchemas.committed());
        assertThat(avro.decode(stored)).isEqualTo(f);
    }

    @Test
    void aFindingHistoryLongerThanAvrosCollectionLimitIsFramedOutsideAvro() {
        List<Finding> history = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            history.add(finding(i));
        }
        Serde<List<Finding>> serde = InternalAvroSerde.listOf(Finding.class);
        byte[] stored = serde.serializer().serialize(TOPIC, history);
        assertThat(stored[0]).isEqualTo(EventListSerde.FORMAT);
        assertThat(serde.deserializer().deserialize(TOPIC, stored)).isEqualTo(history);
        assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, List.of()))).isEmpty();
    }

    @Test
    void stateOfABuildBeforeFormatsIsRefusedWithTheWayOut() throws IOException {
        Finding f = finding(1);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(plain, null);
        new SpecificDatumWriter<>(Finding.class).write(f, encoder);
        encoder.flush();
        assertThatThrownBy(() -> InternalAvroSerde.of(Finding.class).deserializer().deserialize(TOPIC, plain.toByteArray()))
                .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC).hasMessageContaining("bin/dsm reset");

        // The plain Avro array earlier builds stored: a block count of 1 (zigzag 2), the event, the end of blocks.
        ByteArrayOutputStream array = new ByteArrayOutputStream();
        array.write(2);
        array.write(plain.toByteArray());
        array.write(0);
        assertThatThrownBy(() -> InternalAvroSerde.listOf(Finding.class).deserializer().deserialize(TOPIC, array.toByteArray()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown list format 2").hasMessageContaining("bin/dsm reset");

        assertThatThrownBy(() -> StoredFormatSerde.strings(LedgerStores.GATES).deserializer().deserialize(TOPIC, "PASSED".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining(LedgerStores.GATES)
                .hasMessageContaining("unknown format version 80");
    }

    @Test
    void anUnknownVersionOfAHandWrittenFormatIsNamed() {
        byte[] figures = DayFiguresSerde.write(new DayFigures());
        figures[0] = 9;
        assertThatThrownBy(() -> new DayFiguresSerde().deserializer().deserialize(TOPIC, figures))
                .isInstanceOf(SerializationException.class).hasMessageContaining("day figures").hasMessageContaining("version 9")
                .hasMessageContaining("1 to 2");
        byte[] contribution = new ContributionSerde().serializer().serialize(TOPIC, Contribution.none());
        contribution[0] = 7;
        assertThatThrownBy(() -> new ContributionSerde().deserializer().deserialize(TOPIC, contribution))
                .isInstanceOf(SerializationException.class).hasMessageContaining("contribution").hasMessageContaining("version 7")
                .hasMessageContaining(TOPIC);
    }

    @Test
    void stringsLongsAndBytesRoundTripBehindTheirFormatByte() {
        Serde<String> strings = StoredFormatSerde.strings("s");
        assertThat(strings.deserializer().deserialize(TOPIC, strings.serializer().serialize(TOPIC, "dé|1"))).isEqualTo("dé|1");
        assertThat(strings.deserializer().deserialize(TOPIC, strings.serializer().serialize(TOPIC, ""))).isEmpty();
        Serde<Long> longs = StoredFormatSerde.longs("l");
        assertThat(longs.deserializer().deserialize(TOPIC, longs.serializer().serialize(TOPIC, -42L))).isEqualTo(-42L);
        Serde<byte[]> bytes = StoredFormatSerde.bytes("b", 1);
        assertThat(bytes.deserializer().deserialize(TOPIC, bytes.serializer().serialize(TOPIC, new byte[]{5, 6}))).containsExactly(5, 6);
        assertThat(strings.serializer().serialize(TOPIC, null)).isNull();
    }
}
