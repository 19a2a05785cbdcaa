package io.vrguard.lab.testbed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lab at a time: a second lab's start-up sweep would otherwise tear down the first one's testbed. An flock on
 * {@code /run/vrgl-lab.lock}, released by the kernel when the holder dies (even by SIGKILL), so a crashed lab never
 * blocks {@code lab clean}.
 */
public final class LabLock implements AutoCloseable {
    public static final Path FILE = Path.of("/run/vrgl-lab.lock");

    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static LabLock acquire(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new LabException("another lab is running (it holds " + file + "); stop it first");
            }
            return new LabLock(channel, lock);
        } catch (IOException e) {
            throw new LabException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the kernel drops the lock with the descriptor anyway
        }
    }
}
