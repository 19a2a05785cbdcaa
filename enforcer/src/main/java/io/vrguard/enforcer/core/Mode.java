package io.vrguard.enforcer.core;

import java.util.Locale;

/** How far the enforcer goes with an admitted command. The default everywhere is {@link #DRY_RUN}. */
public enum Mode {
    /** Log only: no kernel file is read or written. */
    OBSERVE,
    /** Read the current values and report what would be written; write nothing. */
    DRY_RUN,
    /** Write, read back and remember the original values. */
    ENFORCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
