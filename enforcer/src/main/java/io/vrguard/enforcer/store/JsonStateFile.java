package io.vrguard.enforcer.store;

import io.vrguard.protocol.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import tools.jackson.core.JacksonException;

/**
 * One JSON state file, written atomically: a temporary file beside it is written, forced to disk and renamed over
 * it, so a crash leaves the old or the new content, never half of one.
 */
final class JsonStateFile<T> {
    private final Path file;
    private final Class<T> type;

    JsonStateFile(Path file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    /** The stored value, or null when there is none yet; refuses (loudly) a corrupt file rather than forget it. */
    T read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return WireJson.mapper().readValue(Files.readAllBytes(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state file " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("state file " + file + " is corrupt; move it away to start afresh: "
                    + e.getMessage(), e);
        }
    }

    void write(T value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, WireJson.mapper().writeValueAsBytes(value));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file, e);
        }
    }
}
