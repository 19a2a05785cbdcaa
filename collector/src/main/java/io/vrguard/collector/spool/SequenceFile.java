package io.vrguard.collector.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The next per-host sequence number, kept beside the spool so numbering continues across restarts and a
 * downstream gap means loss. Written on {@link #close()}; after a crash the caller passes the spool's highest
 * number + 1 as the floor (every number is spooled before it can be sent, see {@link SampleSpool#highestSeq()}),
 * so a crash neither repeats a published number nor leaves a gap.
 */
public final class SequenceFile implements AutoCloseable {
    private final Path file;
    private long next;

    public SequenceFile(Path file, long atLeast) throws IOException {
        this.file = file;
        long stored = 0;
        if (Files.exists(file)) {
            try {
                stored = Long.parseLong(Files.readString(file).strip());
            } catch (NumberFormatException e) {
                stored = 0; // a torn write: the spool's floor still holds
            }
        }
        this.next = Math.max(stored, atLeast);
    }

    public synchronized long next() {
        return next++;
    }

    @Override
    public synchronized void close() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(next), StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
