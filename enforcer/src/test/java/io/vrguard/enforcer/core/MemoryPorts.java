package io.vrguard.enforcer.core;

import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.protocol.ActionResult;
import io.vrguard.protocol.Setting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory implementations of the core's ports, for pure tests (the file-backed ones have their own ITs). */
final class MemoryPorts {
    private MemoryPorts() {
    }

    /** A knob over a value in memory that records every write. */
    static class MemoryKnob implements Knob {
        final String target;
        final Setting setting;
        String value;
        final List<String> writes = new ArrayList<>();

        MemoryKnob(String target, Setting setting, String value) {
            this.target = target;
            this.setting = setting;
            this.value = value;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public Setting nativeSetting() {
            return setting;
        }

        @Override
        public String method() {
            return "memory";
        }

        @Override
        public String read() {
            return value;
        }

        @Override
        public void write(String canonical) {
            writes.add(canonical);
            value = canonical;
        }
    }

    /** Knobs by router and setting. */
    static final class Knobs implements KnobResolver {
        final Map<String, List<Knob>> byKey = new HashMap<>();

        MemoryKnob add(String router, Setting setting, MemoryKnob knob) {
            byKey.computeIfAbsent(router + "/" + setting, k -> new ArrayList<>()).add(knob);
            return knob;
        }

        @Override
        public List<Knob> knobs(DiscoveredVr vr, Setting setting, String iface) {
            List<Knob> knobs = byKey.get(vr.name() + "/" + setting);
            if (knobs == null) {
                throw new RejectedException(Rejection.UNAVAILABLE, "no " + setting + " knob for " + vr.name());
            }
            return knobs;
        }

        int writes() {
            return byKey.values().stream().flatMap(List::stream).mapToInt(k -> ((MemoryKnob) k).writes.size()).sum();
        }
    }

    static final class Ledger implements CommandLedger {
        final Map<String, Entry> entries = new LinkedHashMap<>();

        @Override
        public Optional<Entry> find(String id) {
            return Optional.ofNullable(entries.get(id));
        }

        @Override
        public void begin(String id, Instant expiresAt, String origin) {
            entries.put(id, new Entry(id, expiresAt, origin, null, false));
        }

        @Override
        public void finish(String id, ActionResult result) {
            Entry e = entries.get(id);
            entries.put(id, new Entry(id, e.expiresAt(), e.origin(), result, e.published()));
        }

        @Override
        public void published(String id) {
            Entry e = entries.get(id);
            entries.put(id, new Entry(id, e.expiresAt(), e.origin(), e.result(), true));
        }
    }

    static final class Originals implements OriginalValues {
        final Map<String, Original> map = new LinkedHashMap<>();

        @Override
        public void rememberIfAbsent(Original o) {
            map.putIfAbsent(o.key(), o);
        }

        @Override
        public List<Original> all() {
            return List.copyOf(map.values());
        }

        @Override
        public void forget(Original o) {
            map.remove(o.key());
        }
    }

    static final class Stop implements StopState {
        boolean command;
        boolean flag;

        @Override
        public boolean stoppedByCommand() {
            return command;
        }

        @Override
        public void stoppedByCommand(boolean stopped) {
            command = stopped;
        }

        @Override
        public boolean flagPresent() {
            return flag;
        }
    }
}
