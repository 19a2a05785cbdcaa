package io.vrguard.protocol;

/** A record that carries its wire schema version. */
public interface Versioned {
    int schema();
}
