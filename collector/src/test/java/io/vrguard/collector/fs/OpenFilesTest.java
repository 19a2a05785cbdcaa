package io.vrguard.collector.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSweepClosesOnlyTheFilesNotReadSinceTheLastOneAndAReadFileStaysCurrent() throws Exception {
        Path kept = Files.writeString(dir.resolve("cpuacct.usage"), "100\n");
        Path gone = Files.writeString(dir.resolve("cpu.shares"), "1024\n");
        try (OpenFiles files = new OpenFiles()) {
            files.bytesIfPresent(kept);
            files.bytesIfPresent(gone);
            files.closeUnread();
            assertThat(files.size()).isEqualTo(2); // both read since the start

            Files.writeString(kept, "250\n");
            var text = files.bytesIfPresent(kept); // re-read at offset 0 through the open file
            assertThat(text.trimmed(0, text.length()).strip()).isEqualTo("250");
            files.closeUnread();
            assertThat(files.size()).isEqualTo(1); // its VR went: closed

            assertThat(files.bytesIfPresent(dir.resolve("missing"))).isNull();
            assertThat(files.size()).isEqualTo(1);
        }
    }
}
