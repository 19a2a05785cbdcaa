package io.vrguard.lab.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a helper's stderr log, for error messages. */
public final class LogTail {
    private LogTail() {
    }

    public static String of(Path log) {
        try {
            String text = Files.readString(log).strip();
            return text.isEmpty() ? "(no output; see " + log + ")"
                    : text.substring(Math.max(0, text.length() - 500)) + " (log: " + log + ")";
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
