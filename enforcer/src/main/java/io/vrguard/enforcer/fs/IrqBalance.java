package io.vrguard.enforcer.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a running irqbalance, which "may override any manual settings" (Documentation/networking/scaling.rst)
 * unless the IRQs are banned in its configuration. Its presence is reported with every IRQ change.
 */
final class IrqBalance {
    private IrqBalance() {
    }

    static Optional<Long> pid(Path proc) {
        try (Stream<Path> entries = Files.list(proc)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> "irqbalance".equals(comm(p))).map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String comm(Path pidDir) {
        try {
            return Files.readString(pidDir.resolve("comm")).strip();
        } catch (IOException e) {
            return null; // the process exited meanwhile
        }
    }
}
