package io.vrguard.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The provisioning files of this module as Grafana reads them: YAML under provisioning/, dashboards under json/. */
final class Provisioning {
    static final Path MODULE = moduleDir();
    static final Path DATASOURCES = MODULE.resolve("provisioning/datasources");
    static final Path PROVIDERS = MODULE.resolve("provisioning/dashboards");
    static final Path ALERTING = MODULE.resolve("provisioning/alerting");
    static final Path DASHBOARDS = MODULE.resolve("json");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Provisioning() {
    }

    static List<Path> files(Path dir, String... extensions) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> dashboards() {
        return files(DASHBOARDS, ".json").stream().map(Provisioning::json).toList();
    }

    static JsonNode dashboard(String uid) {
        return dashboards().stream().filter(d -> uid.equals(d.path("uid").asString())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dashboard " + uid));
    }

    static JsonNode alerting() {
        return yaml(ALERTING.resolve("vrguard-alerting.yaml"));
    }

    /** The uid every panel must name: the one datasource provisioned. */
    static String datasourceUid() {
        return yaml(DATASOURCES.resolve("vrguard-influxdb.yaml")).path("datasources").get(0).path("uid").asString();
    }

    private static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("provisioning")) ? here : here.resolve("dashboards");
    }
}
