package io.vrguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.schubfach.DoubleToDecimal;
import tools.jackson.core.io.schubfach.MathUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link HostSampleWriter} against {@link WireJson}'s Jackson encoding, on generated samples: any string (control
 * characters, quotes, non-ASCII, surrogate pairs and lone surrogates), any double bit pattern (NaN, infinities,
 * -0.0, subnormals), nulls wherever the records allow them, empty and 64-VR lists, instants from
 * {@link Instant#MIN} to {@link Instant#MAX}. The writer's bytes parse to the same JSON tree, token for token and
 * in the same order, as Jackson's; read back (streaming reader, {@link WireJson#decode} and data binding) to a sample
 * equal to the one written; and decode exactly as Jackson's bytes do where non-finite numbers make both refused.
 * Doubles are checked on their own against jackson-core's copy of Schubfach (the JDK 19+ {@code Double.toString}).
 */
class HostSampleWriterPropertiesTest {
    private static final JsonMapper MAPPER = WireJson.mapper();

    /** One writer for every try, starting small: growth and reuse are exercised by every sample after the first. */
    private final HostSampleWriter writer = new HostSampleWriter(16);

    // --- generators --------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<HostSample> anySample() {
        return samples(anyDouble(), Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(1)), Tuple.of(1, Arbitraries.integers())));
    }

    /** What WireJson.decode accepts: schema 1, finite numbers. */
    @Provide
    Arbitrary<HostSample> finiteSample() {
        return samples(anyDouble().filter(Double::isFinite), Arbitraries.just(1));
    }

    static Arbitrary<Double> anyDouble() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
                // rates as the collector computes them: a counter delta over elapsed nanoseconds
                Tuple.of(4, Combinators.combine(Arbitraries.longs().between(0, 1L << 40),
                        Arbitraries.longs().between(1, 60_000_000_000L)).as((d, ns) -> d * 1e9 / ns)),
                Tuple.of(1, Arbitraries.doubles().between(0, 100).ofScale(3)),
                Tuple.of(2, Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 2 * Double.MIN_VALUE,
                        Double.MIN_NORMAL, Double.MAX_VALUE, 1e23, 1e7, 9_999_999.999, 0.001, 0.000999, 1e-4,
                        100.0, 1e22, 2e-3, 123_456.789, Math.PI, Double.longBitsToDouble(0x7ff8_0000_0000_0001L))));
    }

    static Arbitrary<String> anyString() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars("-_.:/")
                        .ofMinLength(1).ofMaxLength(16)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f')
                        .withChars('"', '\\', '/', '\u007f', '\u0080', '\u07ff', '\u0800', '\u2028', '\uffff')
                        .ofMaxLength(8)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\ud800', '\udfff').withChars('x')
                        .ofMaxLength(6)),
                Tuple.of(1, Arbitraries.of("", "ok", "vr-\u00e9t\u00e9", "\u8def\u7531\u5668",
                        "\ud83d\ude00", "a\ud83d\ude00b\ud83d", "\udc00\ud800")));
    }

    static Arbitrary<Instant> anyInstant() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1_700_000_000_000L, 2_200_000_000_000L)
                        .map(Instant::ofEpochMilli)),
                Tuple.of(3, Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond)),
                Tuple.of(2, Combinators.combine(
                        Arbitraries.longs().between(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400),
                        Arbitraries.of(0, 1, 1_000, 1_000_000, 100_000_000, 123_456_000, 999_999_999))
                        .as(Instant::ofEpochSecond)),
                Tuple.of(1, Arbitraries.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                        Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                        Instant.parse("2024-02-29T12:00:00.5Z"), Instant.parse("1969-12-31T23:59:59.000001Z"))));
    }

    static Arbitrary<List<Integer>> cpuList() {
        return Arbitraries.integers().between(-1, 4096).injectDuplicates(0.1).list().ofMaxSize(6);
    }

    static <T> Arbitrary<List<T>> smallOrLarge(Arbitrary<T> element, int large) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, element.list().ofMaxSize(4)),
                Tuple.of(1, element.list().ofMinSize(large).ofMaxSize(large + 8)));
    }

    static Arbitrary<HostSample> samples(Arbitrary<Double> doubles, Arbitrary<Integer> schema) {
        Arbitrary<InterfaceCounters> counters = Arbitraries.longs().list().ofSize(6)
                .map(c -> new InterfaceCounters(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5)));
        Arbitrary<IrqAffinity> irq = Combinators.combine(Arbitraries.integers(), cpuList(), cpuList())
                .as(IrqAffinity::new);
        Arbitrary<InterfaceSample> nic = Combinators.combine(anyString().injectNull(0.2),
                Arbitraries.of("ok", "new", "reset", "gone").injectNull(0.2), doubles.list().ofSize(4),
                counters.injectNull(0.2), irq.list().ofMaxSize(3), cpuList())
                .as((name, state, r, c, irqs, rps) -> new InterfaceSample(name, state, r.get(0), r.get(1), r.get(2),
                        r.get(3), c, irqs, rps));
        Arbitrary<VrSample> vr = Combinators.combine(anyString(), Arbitraries.of(VrKind.class),
                anyString().injectNull(0.3), doubles.list().ofSize(5), doubles.injectNull(0.3).list().ofSize(6),
                Arbitraries.longs().injectNull(0.4).list().ofSize(4), cpuList(), nic.list().ofMaxSize(3))
                .as((name, kind, state, r, o, g, cpus, nics) -> new VrSample(name, kind, state, r.get(0), r.get(1),
                        r.get(2), r.get(3), r.get(4), o.get(0), o.get(1), o.get(2), o.get(3), g.get(0), g.get(1),
                        g.get(2), g.get(3), o.get(4), o.get(5), cpus, nics));
        Arbitrary<CpuSample> cpu = Combinators.combine(Arbitraries.integers(), doubles.list().ofSize(8))
                .as((n, d) -> new CpuSample(n, d.get(0), d.get(1), d.get(2), d.get(3), d.get(4), d.get(5), d.get(6),
                        d.get(7)));
        Arbitrary<SampleProblem> problem = Combinators.combine(anyString().injectNull(0.2),
                anyString().injectNull(0.2), Arbitraries.integers()).as(SampleProblem::new);
        Arbitrary<Lists> lists = Combinators.combine(smallOrLarge(cpu, 64), smallOrLarge(vr, 64),
                smallOrLarge(problem, 20)).as(Lists::new);
        return Combinators.combine(schema, anyString(), Arbitraries.longs(), anyInstant(), Arbitraries.longs(),
                        doubles, lists)
                .as((sch, host, seq, at, interval, elapsed, l) -> new HostSample(sch, host, seq, at, interval,
                        elapsed, l.cpus(), l.routers(), l.problems()));
    }

    private record Lists(List<CpuSample> cpus, List<VrSample> routers, List<SampleProblem> problems) {
    }

    // --- properties --------------------------------------------------------------------------------------------

    @Property(tries = 400)
    void writerBytesReadBackToTheSampleWritten(@ForAll("finiteSample") HostSample sample) {
        byte[] bytes = writer.encode(sample);
        assertThat(WireJson.decode(bytes, HostSample.class)).isEqualTo(sample);
        try (JsonParser p = MAPPER.createParser(bytes)) {
            assertThat(HostSampleReader.read(p)).isEqualTo(sample);
        }
        assertThat(WireJson.bind(bytes, HostSample.class)).isEqualTo(sample);
    }

    @Property(tries = 400)
    void writerBytesAreJacksonsJsonTokenForToken(@ForAll("anySample") HostSample sample) {
        byte[] jackson = WireJson.encode(sample);
        int length = writer.write(sample);
        byte[] ours = java.util.Arrays.copyOf(writer.buffer(), length);
        assertThat(MAPPER.readTree(ours)).isEqualTo(MAPPER.readTree(jackson));
        assertSameTokens(jackson, ours);
        // where Jackson's text would be refused (NaN as a string, schema out of range) ours is refused alike
        assertThat(outcome(ours)).isEqualTo(outcome(jackson));
    }

    /** Any bit pattern: the JDK 19+ Double.toString text (the shortest, closest), and it reads back exactly. */
    @Property(tries = 20_000)
    void doublesAreTheShortestTextThatReadsBack(@ForAll long bits) {
        double v = Double.longBitsToDouble(bits);
        if (!Double.isFinite(v)) {
            return;
        }
        String text = DoubleTextTestAccess.text(v);
        assertThat(text).isEqualTo(DoubleToDecimal.toString(v));
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).isEqualTo(bits);
    }

    @Property(tries = 5_000)
    void multiplyHighIsMathsForNonNegativeOperands(@ForAll @LongRange(min = 0) long x,
            @ForAll @LongRange(min = 0) long y) {
        assertThat(DoubleText.multiplyHigh(x, y)).isEqualTo(Math.multiplyHigh(x, y));
    }

    @Property(tries = 3_000)
    void timestampsAreWrittenAsInstantToString(@ForAll("instants") Instant at) {
        HostSample sample = new HostSample(1, "h", 0, at, 1000, 1000, null, null, null);
        String json = new String(writer.encode(sample), StandardCharsets.UTF_8);
        assertThat(json).contains("\"timestamp\":\"" + at + "\"");
        assertThat(MAPPER.readTree(json)).isEqualTo(MAPPER.readTree(WireJson.encode(sample)));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return anyInstant();
    }

    @Example
    void doublesAroundTheLayoutBoundariesAndTheTinyAndHugeOnes() {
        double[] values = {0.0, -0.0, 1.0, -1.0, 0.1, 0.001, 0.000999, 1e-4, 9_999_999.0, 9_999_999.5, 1e7, 1e23,
            1e22, 2e-3, 100.0, 1234567.0, 12345678.0, Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, Math.ulp(1.0), 1 - Math.ulp(0.5), 9007199254740991.0,
            9007199254740992.0, 4.35, 0.3, 2.0 / 3};
        for (double v : values) {
            String text = DoubleTextTestAccess.text(v);
            assertThat(text).as("%s", v).isEqualTo(DoubleToDecimal.toString(v));
            assertThat(Double.parseDouble(text)).isEqualTo(v);
        }
        assertThat(DoubleTextTestAccess.text(1e23)).isEqualTo("1.0E23");
        assertThat(DoubleTextTestAccess.text(0.001)).isEqualTo("0.001");
        assertThat(DoubleTextTestAccess.text(1e-4)).isEqualTo("1.0E-4");
        assertThat(DoubleTextTestAccess.text(9_999_999.0)).isEqualTo("9999999.0");
        assertThat(DoubleTextTestAccess.text(1e7)).isEqualTo("1.0E7");
        assertThat(DoubleTextTestAccess.text(-0.0)).isEqualTo("-0.0");
        assertThat(DoubleTextTestAccess.text(Double.MIN_VALUE)).isEqualTo("4.9E-324");
    }

    /** The Schubfach constants computed at class initialisation are jackson-core's (the JDK's) tables. */
    @Example
    void schubfachTablesMatchTheReference() {
        for (int k = MathUtils.K_MIN; k <= MathUtils.K_MAX; k++) {
            assertThat(DoubleText.g1(k)).as("g1(%d)", k).isEqualTo(MathUtils.g1(k));
            assertThat(DoubleText.g0(k)).as("g0(%d)", k).isEqualTo(MathUtils.g0(k));
        }
        for (int q = -2_000; q <= 2_000; q++) {
            assertThat(DoubleText.flog10pow2(q)).isEqualTo(MathUtils.flog10pow2(q));
            assertThat(DoubleText.flog10threeQuartersPow2(q)).isEqualTo(MathUtils.flog10threeQuartersPow2(q));
            assertThat(DoubleText.flog2pow10(q)).isEqualTo(MathUtils.flog2pow10(q));
        }
    }

    /** What the spool relies on: an encoded copy is the caller's; the next sample never writes into it. */
    @Example
    void encodedCopiesAreNotOverwrittenByLaterSamples() {
        HostSampleWriter w = new HostSampleWriter(64);
        HostSample big = finiteSample().sample();
        while (big.routers().size() < 10) {
            big = finiteSample().sample();
        }
        byte[] first = w.encode(big);
        byte[] firstCopy = first.clone();
        HostSample small = new HostSample(1, "h", 1, Instant.EPOCH, 100, 100.5, null, null, null);
        byte[] second = w.encode(small);
        assertThat(first).isEqualTo(firstCopy).isNotSameAs(w.buffer());
        assertThat(second).isEqualTo(WireJson.encode(small));
        assertThat(w.length()).isEqualTo(second.length);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** Same tokens in the same order; floats compared as doubles (bit for bit), everything else by its text. */
    static void assertSameTokens(byte[] expected, byte[] actual) {
        try (JsonParser e = MAPPER.createParser(expected); JsonParser a = MAPPER.createParser(actual)) {
            for (JsonToken t = e.nextToken(); t != null; t = e.nextToken()) {
                assertThat(a.nextToken()).isEqualTo(t);
                switch (t) {
                    case PROPERTY_NAME -> assertThat(a.currentName()).isEqualTo(e.currentName());
                    case VALUE_STRING -> assertThat(a.getString()).isEqualTo(e.getString());
                    case VALUE_NUMBER_INT -> assertThat(a.getBigIntegerValue()).isEqualTo(e.getBigIntegerValue());
                    case VALUE_NUMBER_FLOAT -> assertThat(Double.doubleToRawLongBits(a.getDoubleValue()))
                            .as("%s vs %s", a.getString(), e.getString())
                            .isEqualTo(Double.doubleToRawLongBits(e.getDoubleValue()));
                    default -> {
                    }
                }
            }
            assertThat(a.nextToken()).isNull();
        }
    }

    /** The decoded sample, or the refusal's message. */
    private static Object outcome(byte[] bytes) {
        try {
            return WireJson.decode(bytes, HostSample.class);
        } catch (WireFormatException e) {
            return Objects.toString(e.getMessage());
        }
    }

    /** DoubleText writes into a byte array; the text, for assertions. */
    static final class DoubleTextTestAccess {
        static String text(double v) {
            byte[] b = new byte[DoubleText.MAX_LENGTH];
            int n = DoubleText.write(b, 0, v);
            return new String(b, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
