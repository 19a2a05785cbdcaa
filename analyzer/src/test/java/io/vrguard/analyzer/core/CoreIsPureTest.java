package io.vrguard.analyzer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core package stays pure: no Spring, Kafka, InfluxDB, files, network or wall clock. */
class CoreIsPureTest {
    private static final List<String> FORBIDDEN = List.of("import org.springframework", "import org.apache.kafka",
            "import org.influxdb", "import java.io", "import java.nio.file", "import java.net",
            "Instant.now()", "System.currentTimeMillis()", "Clock.system");

    @Test
    void coreImportsNoAdapterOrIo() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/vrguard/analyzer/core"))) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path source : sources) {
                String text = Files.readString(source);
                assertThat(FORBIDDEN).as(source.toString()).noneMatch(text::contains);
            }
        }
    }
}
