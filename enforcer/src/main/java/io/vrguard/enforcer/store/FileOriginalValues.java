package io.vrguard.enforcer.store;

import io.vrguard.enforcer.core.OriginalValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Original values in {@code STATE_DIR/originals.json}, rewritten atomically on every change. */
public final class FileOriginalValues implements OriginalValues {
    private final JsonStateFile<Stored> file;
    private final Map<String, Original> originals = new LinkedHashMap<>();

    record Stored(List<Original> originals) {
    }

    public FileOriginalValues(Path stateDir) {
        this.file = new JsonStateFile<>(stateDir.resolve("originals.json"), Stored.class);
        Stored stored = file.read();
        if (stored != null && stored.originals() != null) {
            stored.originals().forEach(o -> originals.put(o.key(), o));
        }
    }

    @Override
    public synchronized void rememberIfAbsent(Original original) {
        if (originals.putIfAbsent(original.key(), original) == null) {
            save();
        }
    }

    @Override
    public synchronized List<Original> all() {
        return List.copyOf(originals.values());
    }

    @Override
    public synchronized void forget(Original original) {
        if (originals.remove(original.key()) != null) {
            save();
        }
    }

    private void save() {
        file.write(new Stored(new ArrayList<>(originals.values())));
    }
}
