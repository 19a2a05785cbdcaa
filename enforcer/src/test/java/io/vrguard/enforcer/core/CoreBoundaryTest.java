package io.vrguard.enforcer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core stays pure: no file system, processes, Spring or Kafka; adapters live in fs, store, kafka, app. */
class CoreBoundaryTest {
    private static final List<String> FORBIDDEN = List.of("import java.io.", "import java.nio.", "import java.net.",
            "import org.springframework.", "import org.apache.kafka.", "import io.micrometer.",
            "import io.vrguard.enforcer.fs.", "import io.vrguard.enforcer.store.", "import io.vrguard.enforcer.kafka.",
            "import io.vrguard.enforcer.app.", "ProcessBuilder", "System.currentTimeMillis", "Instant.now()");

    @Test
    void coreImportsNoAdapter() throws IOException {
        Path core = Path.of("src/main/java/io/vrguard/enforcer/core");
        try (Stream<Path> files = Files.list(core)) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                for (String forbidden : FORBIDDEN) {
                    assertThat(source).as(file.getFileName() + " uses " + forbidden).doesNotContain(forbidden);
                }
            }
        }
    }
}
