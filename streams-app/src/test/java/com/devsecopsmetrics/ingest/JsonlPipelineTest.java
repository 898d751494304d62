package com.devsecopsmetrics.ingest;

import com.devsecopsmetrics.contract.ContractViolation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parallel load gives what the single-threaded loop gives, in the same order, with a bounded read-ahead. */
class JsonlPipelineTest {
    /** Small chunks and several workers so that a test crosses hundreds of chunk boundaries. */
    private static final JsonlPipeline.Settings SMALL = new JsonlPipeline.Settings(3, 64, 4);

    /** A line "n" is its number; "bad n" is refused; nothing else is expected. */
    private static final Function<String, Long> NUMBERS = line -> {
        if (line.startsWith("bad")) {
            throw new ContractViolation("refused " + line);
        }
        return Long.parseLong(line.strip());
    };

    @Test
    void recordsAndRejectionsKeepTheFilesOrderAcrossChunks() throws Exception {
        StringBuilder text = new StringBuilder();
        List<Long> expected = new ArrayList<>();
        List<JsonlLoader.Rejection> expectedRejections = new ArrayList<>();
        long blank = 0;
        for (long n = 1; n <= 10_000; n++) {
            if (n % 97 == 0 || n == 64 || n == 65 || n == 10_000) {
                text.append("bad ").append(n);
                expectedRejections.add(new JsonlLoader.Rejection(n, "refused bad " + n));
            } else if (n % 131 == 0) {
                text.append("  ");
                blank++;
            } else if (n == 5_000) {
                text.append("x".repeat(JsonlLoader.MAX_LINE_CHARS + 1));
                expectedRejections.add(JsonlLoader.tooLong(n));
            } else {
                text.append(n);
                expected.add(n);
            }
            text.append(n % 2 == 0 ? "\r\n" : "\n");
        }
        List<Long> sent = new ArrayList<>();
        JsonlLoader.Result result = JsonlPipeline.read(stream(text.toString()), NUMBERS, sent::add, SMALL);

        assertThat(sent).isEqualTo(expected);
        assertThat(result.valid()).isEqualTo(expected.size());
        assertThat(result.rejections()).isEqualTo(expectedRejections);
        assertThat(result.rejections()).extracting(JsonlLoader.Rejection::toString).contains("line 5000: line longer than "
                + JsonlLoader.MAX_LINE_CHARS + " characters; no event of the contract is that long");
        assertThat(result.blankLines()).isEqualTo(blank);
    }

    @Test
    void aFileOfRejectedLinesIsCountedWholeButListsOnlyTheFirstOnes() throws Exception {
        long lines = 5_000;
        StringBuilder text = new StringBuilder();
        for (long n = 1; n <= lines; n++) {
            text.append(n % 1_000 == 0 ? String.valueOf(n) : "bad " + n).append('\n');
        }
        List<Long> sent = new ArrayList<>();
        JsonlLoader.Result result = JsonlPipeline.read(stream(text.toString()), NUMBERS, sent::add, SMALL);

        assertThat(sent).containsExactly(1_000L, 2_000L, 3_000L, 4_000L, 5_000L);
        assertThat(result.rejected()).isEqualTo(lines - 5);
        assertThat(result.rejections()).hasSize(JsonlLoader.MAX_LISTED);
        assertThat(result.rejections().get(0).line()).isEqualTo(1L);
        // the first MAX_LISTED rejected lines, in file order: 1..999, then 1001..
        assertThat(result.rejections().get(JsonlLoader.MAX_LISTED - 1).line()).isEqualTo(JsonlLoader.MAX_LISTED + 1L);
        assertThat(result.unlisted()).isEqualTo(lines - 5 - JsonlLoader.MAX_LISTED);
    }

    @Test
    void aHugeInputIsNeverReadFarAheadOfWhatIsSent() throws Exception {
        long lines = 300_000;
        AtomicLong furthestStarted = new AtomicLong();
        Function<String, Long> work = line -> {
            long n = NUMBERS.apply(line);
            furthestStarted.accumulateAndGet(n, Math::max);
            return n;
        };
        AtomicLong furthestAhead = new AtomicLong();
        AtomicLong count = new AtomicLong();
        JsonlLoader.Result result = JsonlPipeline.read(new CountingLines(lines), work, n -> {
            furthestAhead.accumulateAndGet(furthestStarted.get() - n, Math::max);
            count.incrementAndGet();
        }, SMALL);

        assertThat(result.valid()).isEqualTo(lines);
        assertThat(count.get()).isEqualTo(lines);
        // The chunks in flight, and no more: the work has never started on a line further ahead than they hold.
        assertThat(furthestAhead.get()).isLessThan((long) SMALL.chunksInFlight() * SMALL.chunkLines());
    }

    @Test
    void theInputIsLeftOpenForTheCallerAsStandardInputMustBe() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream stdin = new FilterInputStream(stream("1\nbad 2\n3")) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        List<Long> sent = new ArrayList<>();
        JsonlLoader.Result result = JsonlPipeline.read(stdin, NUMBERS, sent::add, JsonlPipeline.Settings.forThisMachine());

        assertThat(sent).containsExactly(1L, 3L);
        assertThat(result.rejections()).extracting(JsonlLoader.Rejection::toString).containsExactly("line 2: refused bad 2");
        assertThat(closed).isFalse();
    }

    @Test
    void aFailureThatIsNotARefusalStopsTheLoadAsItWouldOnOneThread() {
        Function<String, Long> failing = line -> {
            if (line.equals("700")) {
                throw new IllegalStateException("registry unreachable");
            }
            return NUMBERS.apply(line);
        };
        StringBuilder text = new StringBuilder();
        for (int n = 1; n <= 2_000; n++) {
            text.append(n).append('\n');
        }
        List<Long> sent = new ArrayList<>();
        assertThatThrownBy(() -> JsonlPipeline.read(stream(text.toString()), failing, sent::add, SMALL))
                .isInstanceOf(IllegalStateException.class).hasMessage("registry unreachable");
        assertThat(sent).hasSizeLessThan(700).isSorted();
    }

    @Test
    void settingsForThisMachineHaveAtLeastTwoWorkersAndABound() {
        JsonlPipeline.Settings settings = JsonlPipeline.Settings.forThisMachine();
        assertThat(settings.workers()).isGreaterThanOrEqualTo(2);
        assertThat(settings.chunksInFlight()).isEqualTo(2 * settings.workers());
        assertThatThrownBy(() -> new JsonlPipeline.Settings(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The lines "1" to "n", made as they are read: a file too large to hold, without a file. */
    private static final class CountingLines extends InputStream {
        private final long last;
        private long next = 1;
        private byte[] pending = new byte[0];
        private int position;

        CountingLines(long last) {
            this.last = last;
        }

        @Override
        public int read() {
            if (position == pending.length) {
                if (next > last) {
                    return -1;
                }
                pending = (next++ + "\n").getBytes(StandardCharsets.US_ASCII);
                position = 0;
            }
            return pending[position++];
        }
    }
}
