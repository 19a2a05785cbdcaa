package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.CpuList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.function.Supplier;

/** The host's online CPUs from {@code /sys/devices/system/cpu/online}, read afresh for every command. */
public final class OnlineCpus implements Supplier<BitSet> {
    private final Path file;

    public OnlineCpus(Path sys) {
        this.file = sys.resolve("devices/system/cpu/online");
    }

    @Override
    public BitSet get() {
        try {
            return CpuList.parse(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
