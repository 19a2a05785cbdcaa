package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cgroup counter files kept open between samples and re-read from offset 0, which saves the path walk, open and
 * close of a few hundred files per sample. Safe for cgroupfs only: an open file does not keep its cgroup alive
 * (rmdir still succeeds; the stale file then fails with ENODEV and is opened afresh), unlike an open
 * /proc/PID/net/dev, which would pin its network namespace, so those are never cached. Files not read between two
 * discovery refreshes (their VR or group went) are closed then; everything is closed when the bound is reached.
 */
final class OpenFiles implements AutoCloseable {
    private static final int MAX_OPEN = 4096;
    private final Map<Path, FileChannel> open = new HashMap<>();
    private final Set<Path> readSinceSweep = new HashSet<>();

    /** The file's bytes (valid until this thread's next read), or null when it cannot be read. */
    ByteText bytesIfPresent(Path file) {
        readSinceSweep.add(file);
        FileChannel channel = open.get(file);
        if (channel != null) {
            try {
                return KernelFile.reread(channel);
            } catch (IOException e) {
                forget(file); // cgroup removed (ENODEV) or re-created: open it again below
            }
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
        if (open.size() >= MAX_OPEN) {
            close();
        }
        open.put(file, channel);
        try {
            return KernelFile.reread(channel);
        } catch (IOException e) {
            forget(file);
            return null;
        }
    }

    private void forget(Path file) {
        FileChannel channel = open.remove(file);
        try {
            if (channel != null) {
                channel.close();
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
        for (Path p : List.copyOf(open.keySet())) {
            if (!readSinceSweep.contains(p)) {
                forget(p);
            }
        }
        readSinceSweep.clear();
    }

    @Override
    public void close() {
        for (Path p : Map.copyOf(open).keySet()) {
            forget(p);
        }
    }
}
