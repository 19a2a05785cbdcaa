package io.vrguard.collector.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated and mutated kernel-file text for the property tests: what a parser can meet when a file is truncated
 * mid-read, a kernel adds columns, a field overflows, or the file is not what its name says.
 */
public final class Mutations {
    private Mutations() {
    }

    /** Text built from the characters kernel files are made of, in random order and lengths. */
    public static Arbitrary<String> kernelishText() {
        return Arbitraries.strings().withChars("0123456789 \t\n:|,-abcdefxCPUNET_RXmaxlo").ofMaxLength(400);
    }

    /** Lines shaped like the real ones (name, colon, numbers), with random field counts and magnitudes. */
    public static Arbitrary<String> numericLines() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 1000).map(String::valueOf),
                Arbitraries.longs().map(Long::toUnsignedString), Arbitraries.of("18446744073709551615",
                        "99999999999999999999999", "-1", "0x10", "ffffffff", "", "1e9", "NaN"));
        Arbitrary<String> line = Combinators.combine(Arbitraries.of("eth0:", "cpu0", "cpu1", "NET_RX:", "NET_TX:",
                "usage", "user", "nr_throttled", "  vrgc1:", "", "CPU0 CPU1", "12:"),
                number.list().ofMaxSize(20)).as((head, fields) -> head + " " + String.join(" ", fields));
        return line.list().ofMaxSize(12).map(l -> String.join("\n", l));
    }

    /** One random edit of a real file: truncation, a byte changed, a line dropped, doubled or shuffled. */
    public static Arbitrary<String> mutationsOf(String original) {
        int n = Math.max(1, original.length());
        Arbitrary<Integer> at = Arbitraries.integers().between(0, n - 1);
        Arbitrary<Character> junk = Arbitraries.of('x', ':', ' ', '\n', '9', '-', '\0', '|', ',');
        return Arbitraries.oneOf(
                at.map(i -> original.substring(0, i)),
                Combinators.combine(at, junk).as((i, c) -> original.substring(0, i) + c
                        + original.substring(Math.min(original.length(), i + 1))),
                Combinators.combine(at, junk).as((i, c) -> original.substring(0, i) + c + original.substring(i)),
                Combinators.combine(at, Arbitraries.of("99999999999999999999", "18446744073709551615", "4294967296"))
                        .as((i, big) -> original.substring(0, i) + big + original.substring(i)),
                Arbitraries.integers().between(0, 20).map(k -> lineEdit(original, k)),
                Arbitraries.just(""), Arbitraries.just("\n\n\n"));
    }

    private static String lineEdit(String original, int k) {
        List<String> lines = new ArrayList<>(List.of(original.split("\n", -1)));
        int i = k % lines.size();
        switch (k % 4) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(i));
            case 2 -> Collections.reverse(lines);
            default -> lines.set(i, lines.get(i) + " 1 2 3");
        }
        return String.join("\n", lines);
    }
}
