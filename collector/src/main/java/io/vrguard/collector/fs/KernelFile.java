package io.vrguard.collector.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Reads small kernel files whole (procfs reports size 0, so read to EOF). */
final class KernelFile {
    private KernelFile() {
    }

    /** One reusable buffer per thread: samples read hundreds of small files, so no per-read allocation. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    static String read(Path file) throws IOException {
        byte[] buf = BUFFER.get();
        try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
            int n = 0;
            int r;
            while ((r = in.read(buf, n, buf.length - n)) > 0) {
                n += r;
                if (n == buf.length) {
                    byte[] bigger = java.util.Arrays.copyOf(buf, buf.length * 2);
                    BUFFER.set(bigger);
                    buf = bigger;
                }
            }
            return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        } catch (java.io.FileNotFoundException e) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
    }

    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(read(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
