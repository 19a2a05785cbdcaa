package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.KnobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads and writes one kernel file (cgroupfs, procfs, sysfs), reporting the kernel's error text. */
final class KernelFiles {
    private KernelFiles() {
    }

    static String read(Path file) throws KnobException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new KnobException(file + " does not exist", e);
        } catch (IOException e) {
            throw new KnobException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One write(2) of the whole value; never creates the file (a missing kernel file is an error). */
    static void write(Path file, String value) throws KnobException {
        try {
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new KnobException(file + " does not exist", e);
        } catch (IOException e) {
            throw new KnobException("the kernel refused " + value + " in " + file + ": " + e.getMessage(), e);
        }
    }
}
