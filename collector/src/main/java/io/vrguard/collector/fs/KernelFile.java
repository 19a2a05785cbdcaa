package io.vrguard.collector.fs;

import io.vrguard.collector.core.ByteText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads small kernel files whole. procfs, sysfs and cgroupfs report size 0 and generate the text on read; their
 * seq_file code fills the buffer it is given until the file ends, so a read that returns less than was asked for
 * has reached the end and the usual extra read for EOF is skipped (one open, one read, one close per file). Bytes go
 * through one reusable direct buffer per thread into one reusable array: no allocation per read.
 */
final class KernelFile {
    private static final int INITIAL = 1 << 16;

    private KernelFile() {
    }

    private static final class Buffers {
        ByteBuffer direct = ByteBuffer.allocateDirect(INITIAL);
        byte[] array = new byte[INITIAL];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** The file's bytes, valid until this thread's next read. */
    static ByteText bytes(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readFrom(channel, false);
        }
    }

    /**
     * The bytes of an open file, read again from offset 0 (pread: seq_file regenerates the text at offset 0), valid
     * until this thread's next read.
     */
    static ByteText reread(FileChannel channel) throws IOException {
        return readFrom(channel, true);
    }

    private static ByteText readFrom(FileChannel channel, boolean positional) throws IOException {
        Buffers b = BUFFERS.get();
        ByteBuffer buf = b.direct;
        buf.clear();
        while (true) {
            int asked = buf.remaining();
            int r = positional ? channel.read(buf, buf.position()) : channel.read(buf);
            if (r < 0 || r < asked) {
                break;
            }
            // filled the buffer: the file may be longer, grow and go on
            ByteBuffer bigger = ByteBuffer.allocateDirect(buf.capacity() * 2);
            buf.flip();
            bigger.put(buf);
            b.direct = bigger;
            buf = bigger;
        }
        int n = buf.position();
        if (b.array.length < n) {
            b.array = new byte[buf.capacity()];
        }
        buf.flip();
        buf.get(b.array, 0, n);
        return new ByteText(b.array, n);
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
        return new String(BUFFERS.get().array, 0, text.length(), StandardCharsets.ISO_8859_1);
    }

    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(read(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
