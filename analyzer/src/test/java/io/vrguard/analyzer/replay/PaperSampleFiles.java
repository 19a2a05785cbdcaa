package io.vrguard.analyzer.replay;

import io.vrguard.analyzer.core.PaperFixtures;
import io.vrguard.protocol.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The paper's rows as recorded sample files: each row held for {@code perRow} intervals, seq continuous. */
public final class PaperSampleFiles {
    private PaperSampleFiles() {
    }

    public static Path withoutThenWithShares(Path dir, int perRow) throws IOException {
        List<String> lines = new ArrayList<>();
        long seq = 1;
        for (int row = 1; row <= 4; row++) {
            for (int i = 0; i < perRow; i++) {
                lines.add(WireJson.toJson(PaperFixtures.withoutSharesRow(row, seq++)));
            }
        }
        for (int row = 1; row <= 4; row++) {
            for (int i = 0; i < perRow; i++) {
                lines.add(WireJson.toJson(PaperFixtures.withSharesRow(row, seq++)));
            }
        }
        Path file = dir.resolve("paper.jsonl");
        Files.write(file, lines);
        return file;
    }

    public static Path withSharesOnly(Path dir, int perRow) throws IOException {
        List<String> lines = new ArrayList<>();
        long seq = 1;
        for (int row = 1; row <= 4; row++) {
            for (int i = 0; i < perRow; i++) {
                lines.add(WireJson.toJson(PaperFixtures.withSharesRow(row, seq++)));
            }
        }
        Path file = dir.resolve("paper-with-shares.jsonl");
        Files.write(file, lines);
        return file;
    }

    public static Path policies() {
        return Path.of("src/test/resources/replay/paper-policies.yaml");
    }
}
