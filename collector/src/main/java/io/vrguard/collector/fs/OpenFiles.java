package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cgroup counter files kept open between samples and re-read from offset 0, which saves the path walk, open and
 * close of a few hundred files per sample. Safe for cgroupfs only: an open file does not keep its cgroup alive
 * (rmdir still succeeds; the stale file then fails with ENODEV and is opened afresh), unlike an open
 * /proc/PID/net/dev, which would pin its network namespace, so those are never cached. Files not read between two
 * discovery refreshes (their VR or group went) are closed then; everything is closed when the bound is reached.
 */
final class OpenFiles implements AutoCloseable {
    private static final int MAX_OPEN = 4096;
    private final Map<Path, Open> open = new HashMap<>();

    /** An open file and whether it was read since the last sweep. */
    private static final class Open {
        final FileChannel channel;
        boolean read = true;

        Open(FileChannel channel) {
            this.channel = channel;
        }
    }

    /** The file's bytes (valid until this thread's next read), or null when it cannot be read. */
    ByteText bytesIfPresent(Path file) {
        Open kept = open.get(file);
        if (kept != null) {
            kept.read = true;
            try {
                return KernelFile.reread(kept.channel);
            } catch (IOException e) {
                forget(file); // cgroup removed (ENODEV) or re-created: open it again below
            }
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
        if (open.size() >= MAX_OPEN) {
            close();
        }
        open.put(file, new Open(channel));
        try {
            return KernelFile.reread(channel);
        } catch (IOException e) {
            forget(file);
            return null;
        }
    }

    private void forget(Path file) {
        Open kept = open.remove(file);
        try {
            if (kept != null) {
                kept.channel.close();
            }
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    int size() {
        return open.size();
    }

    /** Closes the files not read since the last sweep. */
    void closeUnread() {
        for (var e : List.copyOf(open.entrySet())) {
            if (e.getValue().read) {
                e.getValue().read = false;
            } else {
                forget(e.getKey());
            }
        }
    }

    @Override
    public void close() {
        for (Path p : List.copyOf(open.keySet())) {
            forget(p);
        }
    }
}
