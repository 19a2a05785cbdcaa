package io.vrguard.enforcer.store;

import io.vrguard.enforcer.core.StopState;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fleet stop: a signed stop command is remembered in {@code STATE_DIR/stop.json} (so a restart stays stopped);
 * an operator can also stop one host by creating the flag file, checked before every command.
 */
public final class FileStopState implements StopState {
    private final JsonStateFile<Stored> file;
    private final Path flagFile;
    private volatile boolean stopped;

    record Stored(boolean stopped) {
    }

    public FileStopState(Path stateDir, Path flagFile) {
        this.file = new JsonStateFile<>(stateDir.resolve("stop.json"), Stored.class);
        this.flagFile = flagFile;
        Stored stored = file.read();
        this.stopped = stored != null && stored.stopped();
    }

    @Override
    public boolean stoppedByCommand() {
        return stopped;
    }

    @Override
    public synchronized void stoppedByCommand(boolean value) {
        file.write(new Stored(value));
        stopped = value;
    }

    @Override
    public boolean flagPresent() {
        return flagFile != null && Files.exists(flagFile);
    }
}
