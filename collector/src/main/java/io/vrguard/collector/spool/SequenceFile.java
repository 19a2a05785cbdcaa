package io.vrguard.collector.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The next per-host sequence number, kept beside the spool so numbering continues across restarts and a
 * downstream gap means loss or a crash. Reserved ahead in blocks and written exactly on {@link #close()}, so a
 * crash skips numbers but never repeats one.
 */
public final class SequenceFile implements AutoCloseable {
    private static final long BLOCK = 1000;
    private final Path file;
    private long next;
    private long reservedUpTo;

    public SequenceFile(Path file, long atLeast) throws IOException {
        this.file = file;
        long stored = Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
        this.next = Math.max(stored, atLeast);
        reserve();
    }

    public synchronized long next() throws IOException {
        if (next >= reservedUpTo) {
            reserve();
        }
        return next++;
    }

    @Override
    public synchronized void close() throws IOException {
        write(next);
        reservedUpTo = next;
    }

    private void reserve() throws IOException {
        reservedUpTo = next + BLOCK;
        write(reservedUpTo);
    }

    private void write(long value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(value), StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
