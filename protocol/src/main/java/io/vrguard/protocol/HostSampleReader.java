package io.vrguard.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;

/**
 * Streams a {@link HostSample} straight from JSON tokens into the records, with no data binding or tree: the
 * analyzer decodes every host's sample every interval, and binding through record creators was its hot spot.
 * As strict as the binding it replaces, and stricter where binding would coerce: a number must be a JSON number
 * (a string, boolean or fraction for an integer field is refused), a primitive must not be null, nothing may
 * follow the record. Unknown fields are skipped, as {@link WireJson} does for every record. Missing primitives
 * read as 0, missing lists as empty, like the binding; missing required values (host, timestamp, a VR's name or
 * kind) are refused by the records themselves.
 */
final class HostSampleReader {
    // primitive fields in bit order: a missing one is refused, as the binding does (FAIL_ON_NULL_FOR_PRIMITIVES)
    private static final String[] HOST_PRIMITIVES = {"schema", "seq", "intervalMs", "elapsedMs"};
    private static final String[] CPU_PRIMITIVES = {"netRxPerSec", "netTxPerSec", "softnetProcessedPerSec",
        "softnetDroppedPerSec", "timeSqueezePerSec", "busyPercent", "softirqPercent", "irqPercent", "cpu"};
    private static final String[] VR_PRIMITIVES = {"rxPps", "txPps", "dropPps", "offeredPps", "deliveredPps"};
    private static final String[] NIC_PRIMITIVES = {"rxPps", "txPps", "rxDropPps", "txDropPps"};
    private static final String[] COUNTER_PRIMITIVES = {"rxPackets", "txPackets", "rxDropped", "txDropped",
        "rxMissedErrors", "rxFifoErrors"};
    private static final String[] IRQ_PRIMITIVES = {"irq"};
    private static final String[] PROBLEM_PRIMITIVES = {"skippedLines"};

    // field names matched by their bytes, as the binding does, with no String per name
    private static final PropertyNameMatcher HOST_FIELDS = BinaryNameMatcher.construct(List.of(
            "schema", "host", "seq", "timestamp", "intervalMs", "elapsedMs", "cpus", "routers", "problems"));
    private static final PropertyNameMatcher CPU_FIELDS = BinaryNameMatcher.construct(List.of(
            "cpu", "netRxPerSec", "netTxPerSec", "softnetProcessedPerSec", "softnetDroppedPerSec",
            "timeSqueezePerSec", "busyPercent", "softirqPercent", "irqPercent"));
    private static final PropertyNameMatcher VR_FIELDS = BinaryNameMatcher.construct(List.of(
            "name", "kind", "state", "rxPps", "txPps", "dropPps", "offeredPps", "deliveredPps", "cpuPercent",
            "cpuUserPercent", "cpuSystemPercent", "softirqPercentEstimate", "throttledPeriodsPerSec",
            "throttledMsPerSec", "cpuShares", "cpuWeight", "quotaUs", "periodUs", "cpus", "interfaces"));
    private static final PropertyNameMatcher NIC_FIELDS = BinaryNameMatcher.construct(List.of(
            "name", "state", "rxPps", "txPps", "rxDropPps", "txDropPps", "counters", "irqs", "rpsCpus"));
    private static final PropertyNameMatcher COUNTER_FIELDS = BinaryNameMatcher.construct(List.of(
            "rxPackets", "txPackets", "rxDropped", "txDropped", "rxMissedErrors", "rxFifoErrors"));
    private static final PropertyNameMatcher IRQ_FIELDS = BinaryNameMatcher.construct(List.of(
            "irq", "cpus", "effectiveCpus"));
    private static final PropertyNameMatcher PROBLEM_FIELDS = BinaryNameMatcher.construct(List.of(
            "source", "message", "skippedLines"));

    private HostSampleReader() {
    }

    /** An unknown field's value is skipped; anything but a name inside an object is malformed. */
    private static void skip(JsonParser p, int match) {
        if (match != PropertyNameMatcher.MATCH_UNKNOWN_NAME) {
            throw new IllegalArgumentException("expected a field name, found " + p.currentToken());
        }
        p.skipChildren();
    }

    private static int set(double[] values, int i, double value) {
        values[i] = value;
        return 1 << i;
    }

    private static int set(long[] values, int i, long value) {
        values[i] = value;
        return 1 << i;
    }

    private static void required(int seen, String[] names, String what) {
        int all = (1 << names.length) - 1;
        if (seen != all) {
            for (int i = 0; i < names.length; i++) {
                if ((seen & 1 << i) == 0) {
                    throw new IllegalArgumentException(what + " lacks '" + names[i] + "'");
                }
            }
        }
    }

    static HostSample read(JsonParser p) {
        JsonToken first = p.nextToken();
        if (first == JsonToken.VALUE_NULL) {
            return null;
        }
        HostSample sample = host(p, first);
        if (p.nextToken() != null) {
            throw new IllegalArgumentException("trailing content after the HostSample");
        }
        return sample;
    }

    private static HostSample host(JsonParser p, JsonToken start) {
        expectObject(start, "HostSample");
        int schema = 0;
        String host = null;
        long seq = 0;
        Instant timestamp = null;
        long intervalMs = 0;
        double elapsedMs = 0;
        List<CpuSample> cpus = null;
        List<VrSample> routers = null;
        List<SampleProblem> problems = null;
        int seen = 0;
        for (int match = p.nextNameMatch(HOST_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                match = p.nextNameMatch(HOST_FIELDS)) {
            JsonToken t = p.nextToken();
            switch (match) {
                case 0 -> {
                    schema = integer(p, t, "schema");
                    seen |= 1;
                }
                case 1 -> host = string(p, t, "host");
                case 2 -> {
                    seq = longValue(p, t, "seq");
                    seen |= 2;
                }
                case 3 -> timestamp = instant(p, t);
                case 4 -> {
                    intervalMs = longValue(p, t, "intervalMs");
                    seen |= 4;
                }
                case 5 -> {
                    elapsedMs = number(p, t, "elapsedMs");
                    seen |= 8;
                }
                case 6 -> cpus = cpus(p, t);
                case 7 -> routers = routers(p, t);
                case 8 -> problems = problems(p, t);
                default -> skip(p, match);
            }
        }
        required(seen, HOST_PRIMITIVES, "HostSample");
        return new HostSample(schema, host, seq, timestamp, intervalMs, elapsedMs, cpus, routers, problems);
    }

    private static List<CpuSample> cpus(JsonParser p, JsonToken t) {
        if (!startArray(t, "cpus")) {
            return null;
        }
        List<CpuSample> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            out.add(cpu(p, e));
        }
        return out;
    }

    private static CpuSample cpu(JsonParser p, JsonToken start) {
        expectObject(start, "CpuSample");
        int cpu = 0;
        double[] f = new double[8];
        int seen = 0;
        for (int match = p.nextNameMatch(CPU_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                match = p.nextNameMatch(CPU_FIELDS)) {
            JsonToken t = p.nextToken();
            switch (match) {
                case 0 -> {
                    cpu = integer(p, t, "cpu");
                    seen |= 1 << 8;
                }
                case 1 -> seen |= set(f, 0, number(p, t, "netRxPerSec"));
                case 2 -> seen |= set(f, 1, number(p, t, "netTxPerSec"));
                case 3 -> seen |= set(f, 2, number(p, t, "softnetProcessedPerSec"));
                case 4 -> seen |= set(f, 3, number(p, t, "softnetDroppedPerSec"));
                case 5 -> seen |= set(f, 4, number(p, t, "timeSqueezePerSec"));
                case 6 -> seen |= set(f, 5, number(p, t, "busyPercent"));
                case 7 -> seen |= set(f, 6, number(p, t, "softirqPercent"));
                case 8 -> seen |= set(f, 7, number(p, t, "irqPercent"));
                default -> skip(p, match);
            }
        }
        required(seen, CPU_PRIMITIVES, "CpuSample");
        return new CpuSample(cpu, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }

    private static List<VrSample> routers(JsonParser p, JsonToken t) {
        if (!startArray(t, "routers")) {
            return null;
        }
        List<VrSample> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            out.add(router(p, e));
        }
        return out;
    }

    private static VrSample router(JsonParser p, JsonToken start) {
        expectObject(start, "VrSample");
        String name = null;
        VrKind kind = null;
        String state = null;
        double[] rate = new double[5];
        int seen = 0;
        Double[] optional = new Double[6];
        Long[] cgroup = new Long[4];
        List<Integer> cpus = null;
        List<InterfaceSample> interfaces = null;
        for (int match = p.nextNameMatch(VR_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                match = p.nextNameMatch(VR_FIELDS)) {
            JsonToken t = p.nextToken();
            switch (match) {
                case 0 -> name = string(p, t, "name");
                case 1 -> kind = t == JsonToken.VALUE_NULL ? null : VrKind.fromWire(string(p, t, "kind"));
                case 2 -> state = string(p, t, "state");
                case 3 -> seen |= set(rate, 0, number(p, t, "rxPps"));
                case 4 -> seen |= set(rate, 1, number(p, t, "txPps"));
                case 5 -> seen |= set(rate, 2, number(p, t, "dropPps"));
                case 6 -> seen |= set(rate, 3, number(p, t, "offeredPps"));
                case 7 -> seen |= set(rate, 4, number(p, t, "deliveredPps"));
                case 8 -> optional[0] = optionalNumber(p, t, "cpuPercent");
                case 9 -> optional[1] = optionalNumber(p, t, "cpuUserPercent");
                case 10 -> optional[2] = optionalNumber(p, t, "cpuSystemPercent");
                case 11 -> optional[3] = optionalNumber(p, t, "softirqPercentEstimate");
                case 12 -> optional[4] = optionalNumber(p, t, "throttledPeriodsPerSec");
                case 13 -> optional[5] = optionalNumber(p, t, "throttledMsPerSec");
                case 14 -> cgroup[0] = optionalLong(p, t, "cpuShares");
                case 15 -> cgroup[1] = optionalLong(p, t, "cpuWeight");
                case 16 -> cgroup[2] = optionalLong(p, t, "quotaUs");
                case 17 -> cgroup[3] = optionalLong(p, t, "periodUs");
                case 18 -> cpus = integers(p, t, "cpus");
                case 19 -> interfaces = interfaces(p, t);
                default -> skip(p, match);
            }
        }
        required(seen, VR_PRIMITIVES, "VrSample");
        return new VrSample(name, kind, state, rate[0], rate[1], rate[2], rate[3], rate[4], optional[0],
                optional[1], optional[2], optional[3], cgroup[0], cgroup[1], cgroup[2], cgroup[3], optional[4],
                optional[5], cpus, interfaces);
    }

    private static List<InterfaceSample> interfaces(JsonParser p, JsonToken t) {
        if (!startArray(t, "interfaces")) {
            return null;
        }
        List<InterfaceSample> out = new ArrayList<>(2);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            out.add(nic(p, e));
        }
        return out;
    }

    private static InterfaceSample nic(JsonParser p, JsonToken start) {
        expectObject(start, "InterfaceSample");
        String name = null;
        String state = null;
        double[] rate = new double[4];
        int seen = 0;
        InterfaceCounters counters = null;
        List<IrqAffinity> irqs = null;
        List<Integer> rps = null;
        for (int match = p.nextNameMatch(NIC_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                match = p.nextNameMatch(NIC_FIELDS)) {
            JsonToken t = p.nextToken();
            switch (match) {
                case 0 -> name = string(p, t, "name");
                case 1 -> state = string(p, t, "state");
                case 2 -> seen |= set(rate, 0, number(p, t, "rxPps"));
                case 3 -> seen |= set(rate, 1, number(p, t, "txPps"));
                case 4 -> seen |= set(rate, 2, number(p, t, "rxDropPps"));
                case 5 -> seen |= set(rate, 3, number(p, t, "txDropPps"));
                case 6 -> counters = counters(p, t);
                case 7 -> irqs = irqs(p, t);
                case 8 -> rps = integers(p, t, "rpsCpus");
                default -> skip(p, match);
            }
        }
        required(seen, NIC_PRIMITIVES, "InterfaceSample");
        return new InterfaceSample(name, state, rate[0], rate[1], rate[2], rate[3], counters, irqs, rps);
    }

    private static InterfaceCounters counters(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(t, "InterfaceCounters");
        long[] c = new long[6];
        int seen = 0;
        for (int match = p.nextNameMatch(COUNTER_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                match = p.nextNameMatch(COUNTER_FIELDS)) {
            JsonToken v = p.nextToken();
            switch (match) {
                case 0 -> seen |= set(c, 0, longValue(p, v, "rxPackets"));
                case 1 -> seen |= set(c, 1, longValue(p, v, "txPackets"));
                case 2 -> seen |= set(c, 2, longValue(p, v, "rxDropped"));
                case 3 -> seen |= set(c, 3, longValue(p, v, "txDropped"));
                case 4 -> seen |= set(c, 4, longValue(p, v, "rxMissedErrors"));
                case 5 -> seen |= set(c, 5, longValue(p, v, "rxFifoErrors"));
                default -> skip(p, match);
            }
        }
        required(seen, COUNTER_PRIMITIVES, "InterfaceCounters");
        return new InterfaceCounters(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    private static List<IrqAffinity> irqs(JsonParser p, JsonToken t) {
        if (!startArray(t, "irqs")) {
            return null;
        }
        List<IrqAffinity> out = new ArrayList<>(1);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            expectObject(e, "IrqAffinity");
            int irq = 0;
            List<Integer> cpus = null;
            List<Integer> effective = null;
            int seen = 0;
            for (int match = p.nextNameMatch(IRQ_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                    match = p.nextNameMatch(IRQ_FIELDS)) {
                JsonToken v = p.nextToken();
                switch (match) {
                    case 0 -> {
                        irq = integer(p, v, "irq");
                        seen = 1;
                    }
                    case 1 -> cpus = integers(p, v, "cpus");
                    case 2 -> effective = integers(p, v, "effectiveCpus");
                    default -> skip(p, match);
                }
            }
            required(seen, IRQ_PRIMITIVES, "IrqAffinity");
            out.add(new IrqAffinity(irq, cpus, effective));
        }
        return out;
    }

    private static List<SampleProblem> problems(JsonParser p, JsonToken t) {
        if (!startArray(t, "problems")) {
            return null;
        }
        List<SampleProblem> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            expectObject(e, "SampleProblem");
            String source = null;
            String message = null;
            int skipped = 0;
            int seen = 0;
            for (int match = p.nextNameMatch(PROBLEM_FIELDS); match != PropertyNameMatcher.MATCH_END_OBJECT;
                    match = p.nextNameMatch(PROBLEM_FIELDS)) {
                JsonToken v = p.nextToken();
                switch (match) {
                    case 0 -> source = string(p, v, "source");
                    case 1 -> message = string(p, v, "message");
                    case 2 -> {
                        skipped = integer(p, v, "skippedLines");
                        seen = 1;
                    }
                    default -> skip(p, match);
                }
            }
            required(seen, PROBLEM_PRIMITIVES, "SampleProblem");
            out.add(new SampleProblem(source, message, skipped));
        }
        return out;
    }

    private static List<Integer> integers(JsonParser p, JsonToken t, String field) {
        if (!startArray(t, field)) {
            return null;
        }
        List<Integer> out = new ArrayList<>(2);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            out.add(integer(p, e, field));
        }
        return out;
    }

    private static boolean startArray(JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("'" + field + "' must be an array, not " + t);
        }
        return true;
    }

    private static void expectObject(JsonToken t, String what) {
        if (t != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("a " + what + " must be a JSON object, not " + t);
        }
    }

    private static String string(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' must be a string, not " + t);
        }
        return p.getString();
    }

    private static double number(JsonParser p, JsonToken t, String field) {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + field + "' must be a number, not " + t);
        }
        return p.getDoubleValue();
    }

    private static Double optionalNumber(JsonParser p, JsonToken t, String field) {
        return t == JsonToken.VALUE_NULL ? null : number(p, t, field);
    }

    private static long longValue(JsonParser p, JsonToken t, String field) {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + field + "' must be an integer, not " + t);
        }
        return p.getLongValue();
    }

    private static Long optionalLong(JsonParser p, JsonToken t, String field) {
        return t == JsonToken.VALUE_NULL ? null : longValue(p, t, field);
    }

    private static int integer(JsonParser p, JsonToken t, String field) {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + field + "' must be an integer, not " + t);
        }
        return p.getIntValue();
    }

    /** ISO-8601 as written; epoch seconds (with a fraction for the nanoseconds) as the binding also reads. */
    private static Instant instant(JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> Instant.parse(p.getString());
            case VALUE_NUMBER_INT -> Instant.ofEpochSecond(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal seconds = p.getDecimalValue();
                yield Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            default -> throw new IllegalArgumentException("'timestamp' must be an ISO-8601 string, not " + t);
        };
    }
}
