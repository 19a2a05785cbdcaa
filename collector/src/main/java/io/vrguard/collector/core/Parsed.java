package io.vrguard.collector.core;

/** A parser's result: the value from the good lines, and how many malformed lines were skipped. */
public record Parsed<T>(T value, int skippedLines) {
}
