package io.vrguard.enforcer.core;

/**
 * Kernel text and command values are ASCII. Character.isDigit (and so Integer/Long.parseLong) also take other
 * scripts' digits ("١" reads as 1), which no kernel prints: the codecs accept only these.
 */
final class Digits {
    private Digits() {
    }

    /** A non-empty run of 0-9. */
    static boolean ascii(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
