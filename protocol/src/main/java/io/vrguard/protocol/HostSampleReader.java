package io.vrguard.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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

    private HostSampleReader() {
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
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "schema" -> {
                    schema = integer(p, t, name);
                    seen |= 1;
                }
                case "host" -> host = string(p, t, name);
                case "seq" -> {
                    seq = longValue(p, t, name);
                    seen |= 2;
                }
                case "timestamp" -> timestamp = instant(p, t);
                case "intervalMs" -> {
                    intervalMs = longValue(p, t, name);
                    seen |= 4;
                }
                case "elapsedMs" -> {
                    elapsedMs = number(p, t, name);
                    seen |= 8;
                }
                case "cpus" -> cpus = cpus(p, t);
                case "routers" -> routers = routers(p, t);
                case "problems" -> problems = problems(p, t);
                default -> p.skipChildren();
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
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "cpu" -> {
                    cpu = integer(p, t, name);
                    seen |= 1 << 8;
                }
                case "netRxPerSec" -> seen |= set(f, 0, number(p, t, name));
                case "netTxPerSec" -> seen |= set(f, 1, number(p, t, name));
                case "softnetProcessedPerSec" -> seen |= set(f, 2, number(p, t, name));
                case "softnetDroppedPerSec" -> seen |= set(f, 3, number(p, t, name));
                case "timeSqueezePerSec" -> seen |= set(f, 4, number(p, t, name));
                case "busyPercent" -> seen |= set(f, 5, number(p, t, name));
                case "softirqPercent" -> seen |= set(f, 6, number(p, t, name));
                case "irqPercent" -> seen |= set(f, 7, number(p, t, name));
                default -> p.skipChildren();
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
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = string(p, t, field);
                case "kind" -> kind = t == JsonToken.VALUE_NULL ? null : VrKind.fromWire(string(p, t, field));
                case "state" -> state = string(p, t, field);
                case "rxPps" -> seen |= set(rate, 0, number(p, t, field));
                case "txPps" -> seen |= set(rate, 1, number(p, t, field));
                case "dropPps" -> seen |= set(rate, 2, number(p, t, field));
                case "offeredPps" -> seen |= set(rate, 3, number(p, t, field));
                case "deliveredPps" -> seen |= set(rate, 4, number(p, t, field));
                case "cpuPercent" -> optional[0] = optionalNumber(p, t, field);
                case "cpuUserPercent" -> optional[1] = optionalNumber(p, t, field);
                case "cpuSystemPercent" -> optional[2] = optionalNumber(p, t, field);
                case "softirqPercentEstimate" -> optional[3] = optionalNumber(p, t, field);
                case "throttledPeriodsPerSec" -> optional[4] = optionalNumber(p, t, field);
                case "throttledMsPerSec" -> optional[5] = optionalNumber(p, t, field);
                case "cpuShares" -> cgroup[0] = optionalLong(p, t, field);
                case "cpuWeight" -> cgroup[1] = optionalLong(p, t, field);
                case "quotaUs" -> cgroup[2] = optionalLong(p, t, field);
                case "periodUs" -> cgroup[3] = optionalLong(p, t, field);
                case "cpus" -> cpus = integers(p, t, field);
                case "interfaces" -> interfaces = interfaces(p, t);
                default -> p.skipChildren();
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
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = string(p, t, field);
                case "state" -> state = string(p, t, field);
                case "rxPps" -> seen |= set(rate, 0, number(p, t, field));
                case "txPps" -> seen |= set(rate, 1, number(p, t, field));
                case "rxDropPps" -> seen |= set(rate, 2, number(p, t, field));
                case "txDropPps" -> seen |= set(rate, 3, number(p, t, field));
                case "counters" -> counters = counters(p, t);
                case "irqs" -> irqs = irqs(p, t);
                case "rpsCpus" -> rps = integers(p, t, field);
                default -> p.skipChildren();
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
        for (String field = p.nextName(); field != null; field = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (field) {
                case "rxPackets" -> seen |= set(c, 0, longValue(p, v, field));
                case "txPackets" -> seen |= set(c, 1, longValue(p, v, field));
                case "rxDropped" -> seen |= set(c, 2, longValue(p, v, field));
                case "txDropped" -> seen |= set(c, 3, longValue(p, v, field));
                case "rxMissedErrors" -> seen |= set(c, 4, longValue(p, v, field));
                case "rxFifoErrors" -> seen |= set(c, 5, longValue(p, v, field));
                default -> p.skipChildren();
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
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                JsonToken v = p.nextToken();
                switch (field) {
                    case "irq" -> {
                        irq = integer(p, v, field);
                        seen = 1;
                    }
                    case "cpus" -> cpus = integers(p, v, field);
                    case "effectiveCpus" -> effective = integers(p, v, field);
                    default -> p.skipChildren();
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
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                JsonToken v = p.nextToken();
                switch (field) {
                    case "source" -> source = string(p, v, field);
                    case "message" -> message = string(p, v, field);
                    case "skippedLines" -> {
                        skipped = integer(p, v, field);
                        seen = 1;
                    }
                    default -> p.skipChildren();
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
