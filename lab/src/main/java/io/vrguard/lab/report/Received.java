package io.vrguard.lab.report;

import java.time.Instant;

/** A record read from the wire and when the lab read it (the lab's own clock). */
public record Received<T>(T value, Instant at) {
}
