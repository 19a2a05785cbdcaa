package io.vrguard.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes DIR/report.json (ISO-8601 timestamps; nulls written, so every field of the contract is present) and
 * DIR/report.png.
 */
public final class ReportWriter {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    public static void write(RunReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"),
                JSON.writeValueAsString(report) + "\n");
        System.setProperty("java.awt.headless", "true");
        ReportChart.write(report, dir.resolve("report.png"));
    }
}
