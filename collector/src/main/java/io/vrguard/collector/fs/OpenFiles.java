package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Cgroup counter files kept open between samples and re-read from offset 0, which saves the path walk, open and
 * close of a few hundred files per sample. Safe for cgroupfs only: an open file does not keep its cgroup alive
 * (rmdir still succeeds; the stale file then fails with ENODEV and is opened afresh), unlike an open
 * /proc/PID/net/dev, which would pin its network namespace, so those are never cached. Everything is closed on
 * discovery refresh and when the bound is reached.
 */
final class OpenFiles implements AutoCloseable {
    private static final int MAX_OPEN = 4096;
    private final Map<Path, FileChannel> open = new HashMap<>();

    /** The file's bytes (valid until this thread's next read), or null when it cannot be read. */
    ByteText bytesIfPresent(Path file) {
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

    @Override
    public void close() {
        for (Path p : Map.copyOf(open).keySet()) {
            forget(p);
        }
    }
}
