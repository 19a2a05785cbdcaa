package io.vrguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming host-sample reader against the data binding it replaced, on generated and mutated records. */
class HostSampleReaderTest {

    static HostSample random(Random r) {
        List<VrSample> vrs = new ArrayList<>();
        for (int v = 0; v < 1 + r.nextInt(6); v++) {
            List<InterfaceSample> nics = new ArrayList<>();
            for (int i = 0; i < r.nextInt(3); i++) {
                nics.add(new InterfaceSample("eth" + i, r.nextBoolean() ? "ok" : null, r.nextDouble() * 1e6,
                        r.nextDouble(), 0, r.nextGaussian(), r.nextBoolean() ? null : new InterfaceCounters(
                                r.nextLong(), Math.abs(r.nextLong()), 1, 2, 3, 4),
                        r.nextBoolean() ? List.of() : List.of(new IrqAffinity(r.nextInt(300), List.of(0, 1),
                                List.of(1))), r.nextBoolean() ? List.of() : List.of(r.nextInt(64))));
            }
            vrs.add(new VrSample("vr" + v + (r.nextBoolean() ? "\u00e9\"\\" : ""), r.nextBoolean() ? VrKind.KVM
                    : VrKind.LXC, "ok", r.nextDouble() * 1e6, 1e-7 * r.nextDouble(), 0, 1e300, -0.0,
                    r.nextBoolean() ? null : r.nextDouble() * 100, null, 3.5, r.nextBoolean() ? 12.25 : null,
                    r.nextBoolean() ? (long) r.nextInt(262144) : null, r.nextBoolean() ? 100L : null,
                    r.nextBoolean() ? null : 50_000L, 100_000L, 0.0, r.nextBoolean() ? null : 1.5,
                    List.of(r.nextInt(16)), nics));
        }
        List<CpuSample> cpus = new ArrayList<>();
        for (int c = 0; c < r.nextInt(4); c++) {
            cpus.add(new CpuSample(c, r.nextDouble(), 2, 3, 4, 5, 99.5, r.nextDouble() * 100, 0));
        }
        return new HostSample(1, "host-" + r.nextInt(5000), r.nextLong() & Long.MAX_VALUE,
                Instant.ofEpochMilli(1_700_000_000_000L + r.nextInt(1 << 30)), 1000, 999.5, cpus, vrs,
                r.nextBoolean() ? List.of() : List.of(new SampleProblem("/proc/net/dev", "unreadable", 2)));
    }

    @Test
    void readsExactlyWhatTheBindingReadsForGeneratedSamples() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            HostSample s = random(r);
            byte[] json = WireJson.encode(s);
            assertThat(WireJson.decode(json, HostSample.class)).isEqualTo(s).isEqualTo(WireJson.bind(json,
                    HostSample.class));
        }
    }

    /** Never accepts what the binding refuses, and reads the same where both accept; counts where it is stricter. */
    @Test
    void mutatedRecordsAreNeverAcceptedWhereTheBindingRefusesThem() {
        Random r = new Random(11);
        int refusedByBoth = 0;
        int stricter = 0;
        int acceptedByBoth = 0;
        String[] replacements = {"null", "\"x\"", "1.5", "-1", "[]", "{}", "true", "99999999999999999999", "\"\"",
            "1e400", ",", "}", "]", "\"2026-13-45T00:00:00Z\""};
        for (int i = 0; i < 3000; i++) {
            String json = WireJson.toJson(random(r));
            int at = r.nextInt(json.length());
            String mutated = switch (r.nextInt(4)) {
                case 0 -> json.substring(0, at);
                case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + r.nextInt(8)));
                case 2 -> replaceValueAt(json, at, replacements[r.nextInt(replacements.length)]);
                default -> json.substring(0, at) + replacements[r.nextInt(replacements.length)] + json.substring(at);
            };
            byte[] bytes = mutated.getBytes(StandardCharsets.UTF_8);
            HostSample bound = bindOrNull(bytes);
            HostSample streamed;
            try {
                streamed = WireJson.decode(bytes, HostSample.class);
            } catch (WireFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
                if (bound == null) {
                    refusedByBoth++;
                } else {
                    stricter++;
                }
                continue;
            }
            assertThat(bound).as("accepted only by the streaming reader: %s", mutated).isNotNull();
            assertThat(streamed).isEqualTo(bound);
            acceptedByBoth++;
        }
        System.out.printf("mutations: %d refused by both, %d accepted by both, %d refused only by the stricter"
                + " streaming reader%n", refusedByBoth, acceptedByBoth, stricter);
        assertThat(refusedByBoth).isGreaterThan(1000);
    }

    @Test
    void refusalsNameWhatIsWrong() {
        String json = WireJson.toJson(WireJsonTest.sample());
        assertThatThrownBy(() -> WireJson.decode(json.replace("\"seq\":42", "\"seq\":null"), HostSample.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("'seq' must be an integer");
        assertThatThrownBy(() -> WireJson.decode(json.replace("\"seq\":42", "\"seq\":\"42\""), HostSample.class))
                .hasMessageContaining("'seq' must be an integer");
        assertThatThrownBy(() -> WireJson.decode(json + "{}", HostSample.class)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> WireJson.decode(json.replace("\"routers\":[", "\"routers\":{\"a\":["),
                HostSample.class)).hasMessageContaining("'routers' must be an array");
        assertThatThrownBy(() -> WireJson.decode("null", HostSample.class)).hasMessageContaining("null record");
        assertThatThrownBy(() -> WireJson.decode(json.replace("2026-11-21T10:00:01Z", "yesterday"),
                HostSample.class)).hasMessageContaining("malformed HostSample");
    }

    private static HostSample bindOrNull(byte[] bytes) {
        try {
            HostSample s = WireJson.bind(bytes, HostSample.class);
            return s != null && s.schema() >= 1 && s.schema() <= WireSchema.HOST_SAMPLE ? s : null;
        } catch (RuntimeException e) {
            if (System.getenv("VRG_DEBUG") != null) {
                System.out.println("binding refused: " + e);
            }
            return null;
        }
    }

    /** Replaces the JSON value that starts after the nearest ':' before {@code at} with {@code replacement}. */
    private static String replaceValueAt(String json, int at, String replacement) {
        int colon = json.lastIndexOf(':', at);
        if (colon < 0) {
            return json;
        }
        int end = colon + 1;
        while (end < json.length() && ",}]".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(0, colon + 1) + replacement + json.substring(end);
    }
}
