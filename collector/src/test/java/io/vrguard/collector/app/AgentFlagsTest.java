package io.vrguard.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent's JVM flags are written in four places, each in its own syntax: the README (what operators copy), the
 * systemd environment file, the container image and the benchmarks (what the published figures were measured
 * with). They drifted once (the image lacked -XX:+ExitOnOutOfMemoryError); this keeps them one list.
 */
class AgentFlagsTest {
    private static final Pattern FLAG = Pattern.compile("-X\\S+");

    @Test
    void readmeSystemdImageAndBenchmarksRunTheSameFlags() throws IOException {
        List<String> readme = flags(between(read("README.md"), "MALLOC_ARENA_MAX=2 java", "-jar collector.jar"));
        assertThat(readme).contains("-Xmx24m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(flags(between(read("../deploy/systemd/collector.env"), "JAVA_OPTS=\"", "\"")))
                .as("deploy/systemd/collector.env JAVA_OPTS").isEqualTo(readme);
        assertThat(flags(between(read("bench/lib.sh"), "BENCH_JVM_FLAGS=\"", "\"")))
                .as("collector/bench/lib.sh BENCH_JVM_FLAGS").isEqualTo(readme);
        assertThat(flags(between(read("Dockerfile"), "ENTRYPOINT [\"java\",", "\"-jar\"")))
                .as("collector/Dockerfile ENTRYPOINT").isEqualTo(readme);
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' found", start).isNotNegative();
        from += start.length();
        int to = text.indexOf(end, from);
        assertThat(to).as("'%s' after '%s'", end, start).isNotNegative();
        return text.substring(from, to);
    }

    private static List<String> flags(String text) {
        List<String> flags = new ArrayList<>();
        Matcher m = FLAG.matcher(text.replace("\"", " ").replace(",", " "));
        while (m.find()) {
            flags.add(m.group());
        }
        return flags;
    }
}
