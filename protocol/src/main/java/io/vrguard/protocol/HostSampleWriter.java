package io.vrguard.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a {@link HostSample} to UTF-8 JSON bytes directly, the counterpart of {@link HostSampleReader}: the
 * collector encodes one sample per interval, and Jackson data binding of a 64-VR sample was a large part of its CPU.
 * The JSON is the one {@link WireJson#encode} writes, field for field: the same names in the same (record) order,
 * null fields left out, empty lists written as {@code []}, non-finite doubles as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (as Jackson writes them, and as {@link WireJson#decode} refuses them),
 * timestamps as ISO-8601 ({@code Instant.toString()}), strings escaped as Jackson escapes them (quote, backslash
 * and control characters; {@code \b \t \n \f \r} short, others {@code &#92;u00XX}; a surrogate pair as one 4-byte UTF-8
 * sequence, a lone surrogate as {@code &#92;uXXXX}). Doubles are the shortest decimal that reads back as the same
 * double ({@link DoubleText}), which is what Jackson's text is on JDK 19+ and reads back to the same value on 17.
 *
 * <p>Not thread-safe: one writer per thread. Each {@link #write} reuses the writer's growable buffer, so
 * {@link #buffer()} is only valid until the next write; {@link #encode} returns a copy of exactly the record's
 * length that the caller owns.
 */
public final class HostSampleWriter {
    private static final byte[] NAN = ascii("\"NaN\"");
    private static final byte[] POSITIVE_INFINITY = ascii("\"Infinity\"");
    private static final byte[] NEGATIVE_INFINITY = ascii("\"-Infinity\"");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    /** 0: written as is; else the letter of its short escape, or 'u' for a six-character escape (backslash, u, four hex digits). */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
    }

    // keys with their leading comma; the comma is left out right after '{'
    private static final byte[] SCHEMA = key("schema");
    private static final byte[] HOST = key("host");
    private static final byte[] SEQ = key("seq");
    private static final byte[] TIMESTAMP = key("timestamp");
    private static final byte[] INTERVAL_MS = key("intervalMs");
    private static final byte[] ELAPSED_MS = key("elapsedMs");
    private static final byte[] CPUS = key("cpus");
    private static final byte[] ROUTERS = key("routers");
    private static final byte[] PROBLEMS = key("problems");

    private static final byte[] CPU = key("cpu");
    private static final byte[] NET_RX_PER_SEC = key("netRxPerSec");
    private static final byte[] NET_TX_PER_SEC = key("netTxPerSec");
    private static final byte[] SOFTNET_PROCESSED_PER_SEC = key("softnetProcessedPerSec");
    private static final byte[] SOFTNET_DROPPED_PER_SEC = key("softnetDroppedPerSec");
    private static final byte[] TIME_SQUEEZE_PER_SEC = key("timeSqueezePerSec");
    private static final byte[] BUSY_PERCENT = key("busyPercent");
    private static final byte[] SOFTIRQ_PERCENT = key("softirqPercent");
    private static final byte[] IRQ_PERCENT = key("irqPercent");

    private static final byte[] NAME = key("name");
    private static final byte[] KIND = key("kind");
    private static final byte[] STATE = key("state");
    private static final byte[] RX_PPS = key("rxPps");
    private static final byte[] TX_PPS = key("txPps");
    private static final byte[] DROP_PPS = key("dropPps");
    private static final byte[] OFFERED_PPS = key("offeredPps");
    private static final byte[] DELIVERED_PPS = key("deliveredPps");
    private static final byte[] CPU_PERCENT = key("cpuPercent");
    private static final byte[] CPU_USER_PERCENT = key("cpuUserPercent");
    private static final byte[] CPU_SYSTEM_PERCENT = key("cpuSystemPercent");
    private static final byte[] SOFTIRQ_PERCENT_ESTIMATE = key("softirqPercentEstimate");
    private static final byte[] CPU_SHARES = key("cpuShares");
    private static final byte[] CPU_WEIGHT = key("cpuWeight");
    private static final byte[] QUOTA_US = key("quotaUs");
    private static final byte[] PERIOD_US = key("periodUs");
    private static final byte[] THROTTLED_PERIODS_PER_SEC = key("throttledPeriodsPerSec");
    private static final byte[] THROTTLED_MS_PER_SEC = key("throttledMsPerSec");
    private static final byte[] INTERFACES = key("interfaces");

    private static final byte[] RX_DROP_PPS = key("rxDropPps");
    private static final byte[] TX_DROP_PPS = key("txDropPps");
    private static final byte[] COUNTERS = key("counters");
    private static final byte[] IRQS = key("irqs");
    private static final byte[] RPS_CPUS = key("rpsCpus");

    private static final byte[] RX_PACKETS = key("rxPackets");
    private static final byte[] TX_PACKETS = key("txPackets");
    private static final byte[] RX_DROPPED = key("rxDropped");
    private static final byte[] TX_DROPPED = key("txDropped");
    private static final byte[] RX_MISSED_ERRORS = key("rxMissedErrors");
    private static final byte[] RX_FIFO_ERRORS = key("rxFifoErrors");

    private static final byte[] IRQ = key("irq");
    private static final byte[] EFFECTIVE_CPUS = key("effectiveCpus");

    private static final byte[] SOURCE = key("source");
    private static final byte[] MESSAGE = key("message");
    private static final byte[] SKIPPED_LINES = key("skippedLines");

    /** Room for one key of ours and one number, checked once per field. */
    private static final int FIELD_ROOM = 64;

    private byte[] buf;
    private int len;

    /** A writer whose buffer starts at 16 KiB and grows to the largest sample written. */
    public HostSampleWriter() {
        this(16 * 1024);
    }

    public HostSampleWriter(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 256)];
    }

    /** The sample as a new array of exactly its length, which the caller owns (this writer never touches it). */
    public byte[] encode(HostSample sample) {
        write(sample);
        return toByteArray();
    }

    /**
     * Encodes {@code sample} into this writer's buffer, replacing what was there, and returns its length. The
     * bytes are {@code buffer()[0..length())} until the next write.
     */
    public int write(HostSample sample) {
        len = 0;
        host(sample);
        return len;
    }

    /** The buffer the last {@link #write} filled (reused by the next one). */
    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** A copy of the last written record, exactly its length. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void host(HostSample s) {
        ensure(FIELD_ROOM);
        buf[len++] = '{';
        intField(SCHEMA, s.schema());
        stringField(HOST, s.host());
        longField(SEQ, s.seq());
        instantField(TIMESTAMP, s.timestamp());
        longField(INTERVAL_MS, s.intervalMs());
        doubleField(ELAPSED_MS, s.elapsedMs());
        key(CPUS);
        startArray();
        List<CpuSample> cpus = s.cpus();
        for (int i = 0, n = cpus.size(); i < n; i++) {
            comma(i);
            cpu(cpus.get(i));
        }
        endArray();
        key(ROUTERS);
        startArray();
        List<VrSample> routers = s.routers();
        for (int i = 0, n = routers.size(); i < n; i++) {
            comma(i);
            router(routers.get(i));
        }
        endArray();
        key(PROBLEMS);
        startArray();
        List<SampleProblem> problems = s.problems();
        for (int i = 0, n = problems.size(); i < n; i++) {
            comma(i);
            problem(problems.get(i));
        }
        endArray();
        endObject();
    }

    private void cpu(CpuSample c) {
        startObject();
        intField(CPU, c.cpu());
        doubleField(NET_RX_PER_SEC, c.netRxPerSec());
        doubleField(NET_TX_PER_SEC, c.netTxPerSec());
        doubleField(SOFTNET_PROCESSED_PER_SEC, c.softnetProcessedPerSec());
        doubleField(SOFTNET_DROPPED_PER_SEC, c.softnetDroppedPerSec());
        doubleField(TIME_SQUEEZE_PER_SEC, c.timeSqueezePerSec());
        doubleField(BUSY_PERCENT, c.busyPercent());
        doubleField(SOFTIRQ_PERCENT, c.softirqPercent());
        doubleField(IRQ_PERCENT, c.irqPercent());
        endObject();
    }

    private void router(VrSample v) {
        startObject();
        stringField(NAME, v.name());
        stringField(KIND, v.kind().wireName());
        stringField(STATE, v.state());
        doubleField(RX_PPS, v.rxPps());
        doubleField(TX_PPS, v.txPps());
        doubleField(DROP_PPS, v.dropPps());
        doubleField(OFFERED_PPS, v.offeredPps());
        doubleField(DELIVERED_PPS, v.deliveredPps());
        doubleField(CPU_PERCENT, v.cpuPercent());
        doubleField(CPU_USER_PERCENT, v.cpuUserPercent());
        doubleField(CPU_SYSTEM_PERCENT, v.cpuSystemPercent());
        doubleField(SOFTIRQ_PERCENT_ESTIMATE, v.softirqPercentEstimate());
        longField(CPU_SHARES, v.cpuShares());
        longField(CPU_WEIGHT, v.cpuWeight());
        longField(QUOTA_US, v.quotaUs());
        longField(PERIOD_US, v.periodUs());
        doubleField(THROTTLED_PERIODS_PER_SEC, v.throttledPeriodsPerSec());
        doubleField(THROTTLED_MS_PER_SEC, v.throttledMsPerSec());
        integersField(CPUS, v.cpus());
        key(INTERFACES);
        startArray();
        List<InterfaceSample> interfaces = v.interfaces();
        for (int i = 0, n = interfaces.size(); i < n; i++) {
            comma(i);
            nic(interfaces.get(i));
        }
        endArray();
        endObject();
    }

    private void nic(InterfaceSample s) {
        startObject();
        stringField(NAME, s.name());
        stringField(STATE, s.state());
        doubleField(RX_PPS, s.rxPps());
        doubleField(TX_PPS, s.txPps());
        doubleField(RX_DROP_PPS, s.rxDropPps());
        doubleField(TX_DROP_PPS, s.txDropPps());
        InterfaceCounters c = s.counters();
        if (c != null) {
            key(COUNTERS);
            startObject();
            longField(RX_PACKETS, c.rxPackets());
            longField(TX_PACKETS, c.txPackets());
            longField(RX_DROPPED, c.rxDropped());
            longField(TX_DROPPED, c.txDropped());
            longField(RX_MISSED_ERRORS, c.rxMissedErrors());
            longField(RX_FIFO_ERRORS, c.rxFifoErrors());
            endObject();
        }
        key(IRQS);
        startArray();
        List<IrqAffinity> irqs = s.irqs();
        for (int i = 0, n = irqs.size(); i < n; i++) {
            comma(i);
            IrqAffinity irq = irqs.get(i);
            startObject();
            intField(IRQ, irq.irq());
            integersField(CPUS, irq.cpus());
            integersField(EFFECTIVE_CPUS, irq.effectiveCpus());
            endObject();
        }
        endArray();
        integersField(RPS_CPUS, s.rpsCpus());
        endObject();
    }

    private void problem(SampleProblem p) {
        startObject();
        stringField(SOURCE, p.source());
        stringField(MESSAGE, p.message());
        intField(SKIPPED_LINES, p.skippedLines());
        endObject();
    }

    // --- structure -------------------------------------------------------------------------------------------

    private void ensure(int room) {
        if (len + room > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + room));
        }
    }

    /** Writes {@code ,"name":}, without the comma when the object has no field yet; leaves room for a number. */
    private void key(byte[] key) {
        ensure(key.length + FIELD_ROOM);
        int from = buf[len - 1] == '{' ? 1 : 0;
        int n = key.length - from;
        System.arraycopy(key, from, buf, len, n);
        len += n;
    }

    private void startObject() {
        ensure(FIELD_ROOM);
        buf[len++] = '{';
    }

    private void endObject() {
        ensure(1);
        buf[len++] = '}';
    }

    private void startArray() {
        buf[len++] = '['; // the key before it left room
    }

    private void endArray() {
        ensure(1);
        buf[len++] = ']';
    }

    private void comma(int index) {
        if (index > 0) {
            ensure(1);
            buf[len++] = ',';
        }
    }

    // --- fields ----------------------------------------------------------------------------------------------

    private void intField(byte[] key, int value) {
        key(key);
        number(value);
    }

    private void longField(byte[] key, long value) {
        key(key);
        number(value);
    }

    /** An absent (null) value is left out, as {@link WireJson} does. */
    private void longField(byte[] key, Long value) {
        if (value != null) {
            key(key);
            number(value.longValue());
        }
    }

    private void doubleField(byte[] key, double value) {
        key(key);
        number(value);
    }

    private void doubleField(byte[] key, Double value) {
        if (value != null) {
            key(key);
            number(value.doubleValue());
        }
    }

    private void stringField(byte[] key, String value) {
        if (value != null) {
            key(key);
            string(value);
        }
    }

    private void instantField(byte[] key, Instant value) {
        if (value != null) {
            key(key);
            instant(value);
        }
    }

    private void integersField(byte[] key, List<Integer> values) {
        key(key);
        startArray();
        for (int i = 0, n = values.size(); i < n; i++) {
            ensure(12);
            if (i > 0) {
                buf[len++] = ',';
            }
            number(values.get(i).intValue());
        }
        endArray();
    }

    // --- values (room already ensured for numbers) -----------------------------------------------------------

    private void number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                System.arraycopy(LONG_MIN, 0, buf, len, LONG_MIN.length);
                len += LONG_MIN.length;
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) {
            int i = (int) v;
            int n = i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : DoubleText.digitCount(i);
            DoubleText.writeInt(buf, len, i, n);
            len += n;
        } else {
            int n = DoubleText.digitCount(v);
            DoubleText.writeDigits(buf, len, v, n);
            len += n;
        }
    }

    private void number(double v) {
        if (Double.isFinite(v)) {
            len = DoubleText.write(buf, len, v);
        } else {
            byte[] text = Double.isNaN(v) ? NAN : v > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
            System.arraycopy(text, 0, buf, len, text.length);
            len += text.length;
        }
    }

    private void string(String s) {
        int n = s.length();
        ensure(6 * n + 2); // the worst case: every char a six-byte escape
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPE[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else {
                    b[p++] = '\\';
                    b[p++] = escape;
                    if (escape == 'u') {
                        p = hex4(b, p, c);
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xe0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xf0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | cp & 0x3f);
            } else { // a lone surrogate has no UTF-8 form: escaped, so it reads back as the same char
                b[p++] = '\\';
                b[p++] = 'u';
                p = hex4(b, p, c);
            }
        }
        b[p++] = '"';
        len = p;
    }

    private static int hex4(byte[] b, int p, char c) {
        b[p] = HEX[c >> 12];
        b[p + 1] = HEX[c >> 8 & 0xf];
        b[p + 2] = HEX[c >> 4 & 0xf];
        b[p + 3] = HEX[c & 0xf];
        return p + 4;
    }

    /** {@code Instant.toString()}: yyyy-MM-ddTHH:mm:ss, then .fff, .ffffff or .fffffffff as needed, then Z. */
    private void instant(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) { // a sign or a fifth digit: as the JDK writes it
            string(t.toString());
            return;
        }
        ensure(32);
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse), proleptic Gregorian
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int doe = (int) (z - era * 146_097);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        p = digits(b, p, year, 4);
        b[p++] = '-';
        p = digits(b, p, month, 2);
        b[p++] = '-';
        p = digits(b, p, day, 2);
        b[p++] = 'T';
        p = digits(b, p, secondOfDay / 3600, 2);
        b[p++] = ':';
        p = digits(b, p, secondOfDay / 60 % 60, 2);
        b[p++] = ':';
        p = digits(b, p, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            b[p++] = '.';
            if (nanos % 1_000_000 == 0) {
                p = digits(b, p, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                p = digits(b, p, nanos / 1000, 6);
            } else {
                p = digits(b, p, nanos, 9);
            }
        }
        b[p++] = 'Z';
        b[p++] = '"';
        len = p;
    }

    private static final long YEAR_0 = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long YEAR_10000 = 253_402_300_800L; // 10000-01-01T00:00:00Z

    /** {@code v} zero-padded to {@code width} digits. */
    private static int digits(byte[] b, int p, int v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + width;
    }

    private static byte[] key(String name) {
        return ascii(",\"" + name + "\":");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
