package io.vrguard.lab.testbed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondLabIsRefusedUntilTheFirstReleases() {
        Path file = dir.resolve("vrgl-lab.lock");
        LabLock first = LabLock.acquire(file);

        assertThatThrownBy(() -> LabLock.acquire(file)).isInstanceOf(LabException.class)
                .hasMessageContaining("another lab is running");

        first.close();
        LabLock.acquire(file).close();
    }
}
