package io.vrguard.collector.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bounded, ordered on-disk queue of encoded samples, one file per sample named by its sequence number, so it
 * survives a restart. Every sample passes through it (write-ahead), which keeps delivery in order whether Kafka
 * is up or not. When full, the oldest samples are dropped and counted, never silently.
 * <p>
 * Durability: while the sender keeps up, a sample lives here for milliseconds and nothing is forced to disk (a
 * crash of the process loses nothing either way: the page cache survives it). Once samples wait (Kafka away), the
 * files written since the last sync and the directory (their renames) are forced to disk at most every
 * {@link #SYNC_EVERY_NANOS}, so a power cut during an outage loses at most about a second of samples rather than
 * everything the kernel had not yet written back.
 */
public final class SampleSpool {
    private static final String SUFFIX = ".sample";
    private final Path dir;
    private final int maxSamples;
    private final TreeMap<Long, Path> entries = new TreeMap<>();
    /** The newest samples' bytes, so a sender that keeps up never reads back what was just written. */
    private final java.util.LinkedHashMap<Long, byte[]> recent = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, byte[]> eldest) {
            return size() > RECENT;
        }
    };
    private static final int RECENT = 8;
    private long dropped;
    /** Highest sequence number delivered and removed, kept as the name of a marker file; -1 when none. */
    private long lastDelivered = -1;
    private static final String MARK = ".delivered";
    /** More samples than this waiting means the sender is behind and the spool is what holds them. */
    private static final int BEHIND = 2;
    static final long SYNC_EVERY_NANOS = 1_000_000_000L;
    private final long syncEveryNanos;
    /** Samples up to this number were forced to disk (those after it, still held, were not). */
    private long syncedUpTo = -1;
    private long lastSyncNanos = System.nanoTime();
    private long syncs;

    public SampleSpool(Path dir, int maxSamples) {
        this(dir, maxSamples, SYNC_EVERY_NANOS);
    }

    SampleSpool(Path dir, int maxSamples, long syncEveryNanos) {
        this.syncEveryNanos = syncEveryNanos;
        if (maxSamples < 1) {
            throw new IllegalArgumentException("spool size must be at least 1");
        }
        this.dir = dir;
        this.maxSamples = maxSamples;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(this::recover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir + " unusable", e);
        }
    }

    private void recover(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()) {
            entries.put(Long.parseLong(name.substring(0, 20)), file);
        } else if (name.endsWith(MARK) && name.length() == 20 + MARK.length()) {
            long seq = Long.parseLong(name.substring(0, 20));
            if (seq > lastDelivered) {
                if (lastDelivered >= 0) {
                    marker(lastDelivered).toFile().delete();
                }
                lastDelivered = seq;
            } else {
                file.toFile().delete();
            }
        } else if (name.endsWith(".tmp")) {
            file.toFile().delete();
        }
    }

    /**
     * Stores one encoded sample; returns how many old samples were dropped to make room. The spool keeps
     * {@code encoded} itself, not a copy (the newest samples are handed to the sender from memory), so the caller
     * must not change the array afterwards.
     */
    public synchronized int append(long seq, byte[] encoded) throws IOException {
        Path file = dir.resolve(name(seq, SUFFIX));
        Path tmp = dir.resolve(name(seq, SUFFIX + ".tmp"));
        write(tmp, encoded);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        entries.put(seq, file);
        recent.put(seq, encoded);
        syncWhileBehind();
        int evicted = 0;
        while (entries.size() > maxSamples) {
            var oldest = entries.pollFirstEntry();
            recent.remove(oldest.getKey());
            Files.deleteIfExists(oldest.getValue());
            evicted++;
        }
        dropped += evicted;
        notifyAll();
        return evicted;
    }

    private void syncWhileBehind() {
        long now = System.nanoTime();
        if (entries.size() <= BEHIND || now - lastSyncNanos < syncEveryNanos) {
            return; // delivered as fast as written (nothing waits on this disk), or synced less than a period ago
        }
        try {
            for (Path f : entries.tailMap(syncedUpTo, false).values()) {
                force(f);
            }
            force(dir);
        } catch (IOException e) {
            return; // the sample is written; the same files are forced with the next one
        }
        syncedUpTo = entries.lastKey();
        lastSyncNanos = now;
        syncs++;
    }

    /** fsync of a file, or of a directory (its entries: the renames); a file deleted meanwhile needs none. */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (java.nio.file.NoSuchFileException e) {
            // delivered or evicted since it was written
        }
    }

    /** How many times waiting samples were forced to disk. */
    public synchronized long syncs() {
        return syncs;
    }

    /** The whole sample in one write call ({@code Files.write} hands it to the kernel in 8 KiB pieces). */
    private static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** {@code String.format("%020d%s", seq, suffix)}, without a Formatter per sample. */
    static String name(long seq, String suffix) {
        if (seq < 0) {
            return String.format("%020d%s", seq, suffix);
        }
        String digits = Long.toString(seq);
        return "0".repeat(20 - digits.length()) + digits + suffix;
    }

    public record Entry(long seq, byte[] bytes) {
    }

    /**
     * The oldest samples, in order: at most {@code max} of them and, once {@code maxBytes} is reached, no more (a
     * batch holds at least one sample). The byte bound is what keeps a sender's memory flat after an outage: a
     * backlog of large samples (50 KB for 64 VRs) read {@code max} at a time would not fit a small agent heap.
     * Waits up to {@code waitMillis} when empty.
     */
    public synchronized List<Entry> oldest(int max, long maxBytes, long waitMillis) throws InterruptedException {
        if (entries.isEmpty() && waitMillis > 0) {
            wait(waitMillis);
        }
        List<Entry> result = new ArrayList<>();
        long bytes = 0;
        for (var e : entries.entrySet()) {
            if (result.size() >= max || bytes >= maxBytes) {
                break;
            }
            try {
                byte[] cached = recent.get(e.getKey());
                Entry entry = new Entry(e.getKey(), cached != null ? cached : Files.readAllBytes(e.getValue()));
                result.add(entry);
                bytes += entry.bytes().length;
            } catch (IOException ex) {
                break; // evicted meanwhile; the next call starts from the new head
            }
        }
        return result;
    }

    /**
     * Removes a delivered sample. The newest delivered one stays as an empty-named marker (a rename, as cheap as
     * the delete) so that after a crash numbering continues right after it: no number is skipped or repeated.
     */
    public synchronized void remove(long seq) throws IOException {
        Path file = entries.remove(seq);
        recent.remove(seq);
        if (file == null) {
            return;
        }
        if (seq > lastDelivered) {
            Files.move(file, marker(seq), StandardCopyOption.REPLACE_EXISTING);
            if (lastDelivered >= 0) {
                Files.deleteIfExists(marker(lastDelivered));
            }
            lastDelivered = seq;
        } else {
            Files.deleteIfExists(file);
        }
    }

    private Path marker(long seq) {
        return dir.resolve(name(seq, MARK));
    }

    /** Highest sequence number ever spooled here (held or delivered), or -1. */
    public synchronized long highestSeq() {
        return Math.max(lastDelivered, entries.isEmpty() ? -1 : entries.lastKey());
    }

    public synchronized int depth() {
        return entries.size();
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Highest sequence number held, or -1 when empty (used to continue numbering after a restart). */
    public synchronized long lastSeq() {
        return entries.isEmpty() ? -1 : entries.lastKey();
    }
}
