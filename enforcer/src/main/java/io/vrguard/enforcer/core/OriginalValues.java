package io.vrguard.enforcer.core;

import io.vrguard.protocol.Setting;
import java.util.List;

/** The value each knob held before the enforcer first changed it; persisted so revert survives restarts. */
public interface OriginalValues {
    /** Keeps the first value ever remembered for the same router and target. */
    void rememberIfAbsent(Original original);

    List<Original> all();

    void forget(Original original);

    /**
     * @param iface the interface for irq/rps/xps knobs, else null
     * @param target {@link Knob#target()}
     */
    record Original(String router, Setting setting, String iface, String target, String value) {
        public String key() {
            return router + "|" + target;
        }
    }
}
