package io.vrguard.collector.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The next per-host sequence number, kept beside the spool so numbering continues across restarts and a
 * downstream gap means loss. The file holds {@code NEXT clean BOOT} after a clean stop, or {@code LIMIT reserved
 * BOOT} while running: numbers are handed out in reserved blocks, and the block's end is forced to disk before the
 * first number of it is used.
 * <ul>
 * <li>Clean stop: numbering continues at NEXT.
 * <li>Crash of the process (same boot: the page cache survived): the caller's floor, the spool's highest number
 * + 1 (every number is spooled before it can be sent, see {@link SampleSpool#highestSeq()}), so neither a repeat
 * nor a gap.
 * <li>Power cut or reboot without a clean stop (another boot id): the spool's last renames may be lost, so its
 * floor may be stale; numbering continues at the reserved LIMIT. That may skip numbers (counted downstream as a
 * gap) but never repeats one, which would pass a new sample off as an old one.
 * </ul>
 */
public final class SequenceFile implements AutoCloseable {
    static final long BLOCK = 10_000;
    private final Path file;
    private final String boot;
    private final long block;
    private long next;
    private long reservedUpTo;

    /** For one boot of the host; {@code boot} is its id (/proc/sys/kernel/random/boot_id), or "" if unknown. */
    public SequenceFile(Path file, long atLeast, String boot) throws IOException {
        this(file, atLeast, boot, BLOCK);
    }

    SequenceFile(Path file, long atLeast, String boot, long block) throws IOException {
        this.file = file;
        this.boot = boot.strip();
        this.block = block;
        this.next = Math.max(stored(), atLeast);
        reserve();
    }

    private long stored() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String[] f = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+");
        try {
            long n = Long.parseLong(f[0]);
            boolean reserved = f.length > 1 && f[1].equals("reserved");
            boolean sameBoot = f.length > 2 ? f[2].equals(boot) : boot.isEmpty();
            // a reservation of this boot: a process crash, and the spool's floor is exact
            return reserved && sameBoot ? 0 : n;
        } catch (NumberFormatException e) {
            return 0; // a torn write: the spool's floor still holds
        }
    }

    public synchronized long next() throws IOException {
        if (next >= reservedUpTo) {
            reserve();
        }
        return next++;
    }

    private void reserve() throws IOException {
        reservedUpTo = next + block;
        write(reservedUpTo + " reserved " + boot);
    }

    @Override
    public synchronized void close() throws IOException {
        write(next + " clean " + boot);
    }

    /** Written whole (temporary file, rename) and forced to disk, file and directory. */
    private void write(String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
