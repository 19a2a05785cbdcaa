package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Reads small kernel files whole (procfs reports size 0, so read to EOF). */
final class KernelFile {
    /** The JDK reads into a stack buffer up to this size and mallocs above it: read in such chunks. */
    private static final int CHUNK = 8192;

    private KernelFile() {
    }

    /** One reusable buffer per thread: samples read hundreds of small files, so no per-read allocation. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    /** The file's bytes, valid until this thread's next read. */
    static ByteText bytes(Path file) throws IOException {
        byte[] buf = BUFFER.get();
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            int n = 0;
            int r;
            while ((r = in.read(buf, n, Math.min(CHUNK, buf.length - n))) > 0) {
                n += r;
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                    BUFFER.set(buf);
                }
            }
            return new ByteText(buf, n);
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(file.toString());
        }
    }

    /** The file's bytes, or null when it cannot be read. */
    static ByteText bytesIfPresent(Path file) {
        try {
            return bytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    static String read(Path file) throws IOException {
        ByteText text = bytes(file);
        byte[] buf = BUFFER.get();
        return new String(buf, 0, text.length(), StandardCharsets.ISO_8859_1);
    }

    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(read(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
