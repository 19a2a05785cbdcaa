package io.vrguard.collector.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSpoolTest {
    private static final String BOOT = "3f1c2a9e-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    private static byte[] bytes(long seq) {
        return ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsOrderDropsOldestWhenFullAndSurvivesRestart() throws Exception {
        SampleSpool spool = new SampleSpool(dir, 3);
        for (long seq = 10; seq < 15; seq++) {
            spool.append(seq, bytes(seq));
        }
        assertThat(spool.dropped()).isEqualTo(2);
        assertThat(spool.depth()).isEqualTo(3);
        assertThat(spool.oldest(10, Long.MAX_VALUE, 0)).extracting(SampleSpool.Entry::seq).containsExactly(12L, 13L, 14L);
        spool.remove(12);

        SampleSpool reopened = new SampleSpool(dir, 3);
        assertThat(reopened.oldest(10, Long.MAX_VALUE, 0)).extracting(SampleSpool.Entry::seq).containsExactly(13L, 14L);
        assertThat(new String(reopened.oldest(1, Long.MAX_VALUE, 0).get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"seq\":13}");
        assertThat(reopened.lastSeq()).isEqualTo(14);
    }

    @Test
    void aBatchStopsAtItsByteBoundFromMemoryAndFromDisk() throws Exception {
        byte[] sample = new byte[50_000]; // a 64-VR host sample
        SampleSpool spool = new SampleSpool(dir, 1000);
        for (long seq = 0; seq < 300; seq++) {
            spool.append(seq, sample.clone());
        }
        assertThat(spool.oldest(200, 1 << 20, 0)).hasSize(21); // 20 × 50 KB < 1 MiB, the 21st reaches it
        assertThat(new SampleSpool(dir, 1000).oldest(200, 1 << 20, 0)).hasSize(21); // read back from disk
        assertThat(spool.oldest(200, 1, 0)).extracting(SampleSpool.Entry::seq).containsExactly(0L); // never empty
        assertThat(spool.oldest(5, 1 << 20, 0)).hasSize(5);
    }

    @Test
    void fileNamesAreTheZeroPaddedSequenceNumber() {
        for (long seq : new long[] {0, 7, 1234567890123L, Long.MAX_VALUE, -1}) {
            assertThat(SampleSpool.name(seq, ".sample")).isEqualTo(String.format("%020d.sample", seq));
        }
    }

    @Test
    void sequenceNumbersContinueAfterACleanStopAndAfterACrashWithoutGapOrRepeat() throws Exception {
        Path file = dir.resolve("next-seq");
        long last;
        try (SequenceFile seq = new SequenceFile(file, 0, BOOT)) {
            seq.next();
            last = seq.next();
        }
        try (SequenceFile seq = new SequenceFile(file, 0, BOOT)) {
            assertThat(seq.next()).isEqualTo(last + 1);
        }

        // a crash: numbers were spooled and some delivered, but next-seq was not written
        SampleSpool spool = new SampleSpool(dir, 100);
        SequenceFile crashed = new SequenceFile(file, spool.highestSeq() + 1, BOOT);
        long first = crashed.next();
        for (long seq = first; seq < first + 5; seq++) {
            spool.append(seq, bytes(seq));
            if (seq > first) {
                crashed.next();
            }
        }
        for (long seq = first; seq < first + 5; seq++) {
            spool.remove(seq); // all delivered: only the marker of the newest remains
        }
        SampleSpool reopened = new SampleSpool(dir, 100);
        assertThat(reopened.depth()).isZero();
        assertThat(reopened.highestSeq()).isEqualTo(first + 4);
        assertThat(new SequenceFile(file, reopened.highestSeq() + 1, BOOT).next()).isEqualTo(first + 5);
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".delivered")).count()).isEqualTo(1);
        }
    }

    @Test
    void forcesWaitingSamplesToDiskOnlyWhileTheSenderIsBehind() throws Exception {
        SampleSpool spool = new SampleSpool(dir, 100, 0);
        for (long seq = 1; seq <= 5; seq++) {
            spool.append(seq, bytes(seq));
            spool.remove(seq); // delivered at once
        }
        assertThat(spool.syncs()).isZero();

        for (long seq = 6; seq <= 10; seq++) {
            spool.append(seq, bytes(seq)); // Kafka away: they wait
        }
        assertThat(spool.syncs()).isEqualTo(3); // from the third waiting sample on
        spool.remove(6);
        spool.append(11, bytes(11));
        assertThat(spool.syncs()).isEqualTo(4);
    }

    @Test
    void afterAPowerCutNumberingSkipsAheadButNeverRepeats() throws Exception {
        Path file = dir.resolve("next-seq");
        SequenceFile running = new SequenceFile(file, 0, BOOT, 100);
        long last = 0;
        for (int i = 0; i < 250; i++) {
            last = running.next(); // three blocks reserved, the file forced to disk each time
        }
        // power cut: no clean stop, and the spool's last renames were lost, so its floor is stale (say 120)
        long staleFloor = 120;
        long afterReboot = new SequenceFile(file, staleFloor, "another-boot", 100).next();
        assertThat(afterReboot).isGreaterThan(last).isLessThanOrEqualTo(last + 100);

        // a process crash within the same boot keeps the spool's exact floor: no gap
        SequenceFile again = new SequenceFile(file, 0, BOOT, 100);
        again.next();
        assertThat(new SequenceFile(file, 777, BOOT, 100).next()).isEqualTo(777);
    }
}
