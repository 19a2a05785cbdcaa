package io.vrguard.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every provisioning file parses and follows what Grafana's provisioning expects (apiVersion 1, the fields each
 * kind needs), and the files agree with each other: every panel, variable, annotation and alert query names the
 * provisioned datasource's uid, ids and uids are unique, expressions refer to existing refIds, policies to
 * existing contact points, and the dashboard provider reads the directory docker-compose mounts json/ at.
 */
class ProvisioningSchemaTest {
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat", "table", "bargauge", "gauge",
            "text", "state-timeline");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{?(\\w+)|\\[\\[(\\w+)]]");
    private static final Pattern AGGREGATED_KPPS = Pattern.compile("(mean|last|max|min|sum)\\(\"\\w+Kpps\"\\)");
    private static final Pattern AGGREGATED_PERCENT = Pattern.compile("(mean|last|max|min|sum)\\(\"\\w+Percent(Estimate)?\"\\)");
    private static final Set<String> MACROS = Set.of("timeFilter", "__interval", "interval", "__interval_ms");

    @Test
    void datasourceIsInfluxQlWithAFixedUid() {
        List<Path> files = Provisioning.files(Provisioning.DATASOURCES, ".yaml", ".yml");
        assertThat(files).hasSize(1);
        JsonNode root = Provisioning.yaml(files.get(0));
        assertThat(root.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(root.path("datasources").size()).isEqualTo(1);
        JsonNode ds = root.path("datasources").get(0);
        assertThat(ds.path("uid").asString()).matches(UID).isEqualTo("vrguard-influxdb");
        assertThat(ds.path("type").asString()).isEqualTo("influxdb");
        assertThat(ds.path("access").asString()).isEqualTo("proxy");
        assertThat(ds.path("name").asString()).isNotBlank();
        assertThat(ds.path("url").asString()).isNotBlank();
        assertThat(ds.path("jsonData").path("version").asString()).isEqualTo("InfluxQL");
        assertThat(ds.path("jsonData").path("dbName").asString()).isEqualTo("vrguard");
    }

    @Test
    void dashboardProviderReadsTheDirectoryComposeMounts() throws IOException {
        List<Path> files = Provisioning.files(Provisioning.PROVIDERS, ".yaml", ".yml");
        assertThat(files).hasSize(1);
        JsonNode root = Provisioning.yaml(files.get(0));
        assertThat(root.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode provider = root.path("providers").get(0);
        assertThat(provider.path("name").asString()).isNotBlank();
        assertThat(provider.path("type").asString()).isEqualTo("file");
        String path = provider.path("options").path("path").asString();
        assertThat(path).startsWith("/");
        String compose = Files.readString(Provisioning.MODULE.getParent().resolve("docker-compose.yml"));
        assertThat(compose).as("docker-compose mounts json/ where the provider reads")
                .contains("./dashboards/json:" + path + ":ro")
                .contains("./dashboards/provisioning:/etc/grafana/provisioning:ro");
    }

    @Test
    void threeDashboardsWithUniqueUidsAndTitles() {
        List<JsonNode> dashboards = Provisioning.dashboards();
        assertThat(dashboards).extracting(d -> d.path("uid").asString())
                .containsExactlyInAnyOrder("vrguard-fleet", "vrguard-host", "vrguard-vr")
                .allSatisfy(uid -> assertThat(uid).matches(UID));
        assertThat(dashboards).extracting(d -> d.path("title").asString()).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(t).isNotBlank());
        for (JsonNode d : dashboards) {
            assertThat(d.has("id")).as("provisioned dashboards carry no database id").isFalse();
            assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
            assertThat(d.path("time").path("from").asString()).isNotBlank();
        }
    }

    @Test
    void panelsHaveUniqueIdsValidGridAndTheProvisionedDatasource() {
        String uid = Provisioning.datasourceUid();
        for (JsonNode d : Provisioning.dashboards()) {
            String name = d.path("uid").asString();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : GrafanaQuery.panels(d)) {
                String title = name + " / " + p.path("title").asString();
                assertThat(ids.add(p.path("id").asInt())).as("unique panel id in " + title).isTrue();
                assertThat(p.path("id").asInt()).as(title).isPositive();
                assertThat(p.path("type").asString()).as(title).isIn(PANEL_TYPES);
                assertThat(p.path("title").asString()).as(title).isNotBlank();
                JsonNode g = p.path("gridPos");
                assertThat(g.path("w").asInt()).as(title + " width").isBetween(1, 24);
                assertThat(g.path("x").asInt() + g.path("w").asInt()).as(title + " fits 24 columns").isLessThanOrEqualTo(24);
                assertThat(g.path("h").asInt()).as(title + " height").isPositive();
                if ("row".equals(p.path("type").asString())) {
                    continue;
                }
                assertThat(p.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
                assertThat(p.path("targets").size()).as(title + " has queries").isPositive();
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    assertThat(refIds.add(t.path("refId").asString())).as(title + " unique refId").isTrue();
                    assertThat(t.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
                    assertThat(t.path("rawQuery").asBoolean()).as(title + " raw InfluxQL").isTrue();
                    assertThat(t.path("query").asString()).as(title).startsWithIgnoringCase("SELECT ");
                    assertThat(t.path("resultFormat").asString()).as(title).isIn("time_series", "table");
                }
            }
        }
    }

    @Test
    void panelsDoNotOverlap() {
        for (JsonNode d : Provisioning.dashboards()) {
            List<JsonNode> panels = GrafanaQuery.panels(d);
            for (int i = 0; i < panels.size(); i++) {
                for (int j = i + 1; j < panels.size(); j++) {
                    JsonNode a = panels.get(i).path("gridPos");
                    JsonNode b = panels.get(j).path("gridPos");
                    boolean apart = a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                            || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                            || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                            || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
                    assertThat(apart).as(d.path("uid").asString() + ": '" + panels.get(i).path("title").asString()
                            + "' overlaps '" + panels.get(j).path("title").asString() + "'").isTrue();
                }
            }
        }
    }

    @Test
    void unitsFollowTheFieldsAPanelShows() {
        for (JsonNode d : Provisioning.dashboards()) {
            for (JsonNode p : GrafanaQuery.panels(d)) {
                String unit = p.path("fieldConfig").path("defaults").path("unit").asString();
                StringBuilder all = new StringBuilder();
                p.path("targets").forEach(t -> all.append(t.path("query").asString()).append('\n'));
                String queries = all.toString();
                String title = d.path("uid").asString() + " / " + p.path("title").asString();
                if (AGGREGATED_KPPS.matcher(queries).find() && !queries.contains("100 *") && !queries.startsWith("SELECT count(")) {
                    assertThat(unit).as(title + " shows kpps").isEqualTo("suffix: kpps");
                }
                if (AGGREGATED_PERCENT.matcher(queries).find()) {
                    assertThat(unit).as(title + " shows %").isEqualTo("percent");
                }
                if (queries.contains("softnetDroppedPerSec") || queries.contains("softnetProcessedPerSec")) {
                    assertThat(unit).as(title + " shows packets/s").isEqualTo("pps");
                }
            }
        }
    }

    @Test
    void aVrUnderItsGuaranteeIsColouredRed() {
        for (String uid : List.of("vrguard-host", "vrguard-vr")) {
            List<JsonNode> ratio = GrafanaQuery.panels(Provisioning.dashboard(uid)).stream()
                    .filter(p -> p.path("title").asString().startsWith("Delivered ÷ guarantee")).toList();
            assertThat(ratio).as(uid).hasSize(1);
            JsonNode steps = ratio.get(0).path("fieldConfig").path("defaults").path("thresholds").path("steps");
            assertThat(steps.get(0).path("color").asString()).isEqualTo("red");
            assertThat(steps.get(steps.size() - 1).path("color").asString()).isEqualTo("green");
            assertThat(steps.get(steps.size() - 1).path("value").asDouble()).isBetween(95.0, 100.0);
        }
    }

    @Test
    void variablesAreInfluxQlTagQueriesAndEveryUsedVariableIsDefined() {
        String uid = Provisioning.datasourceUid();
        for (JsonNode d : Provisioning.dashboards()) {
            Set<String> defined = new HashSet<>();
            for (JsonNode v : d.path("templating").path("list")) {
                defined.add(v.path("name").asString());
                assertThat(v.path("type").asString()).isEqualTo("query");
                assertThat(v.path("datasource").path("uid").asString()).isEqualTo(uid);
                assertThat(v.path("query").asString()).startsWith("SHOW TAG VALUES FROM ");
            }
            assertThat(defined).as(d.path("uid").asString()).contains("host");
            if (!"vrguard-fleet".equals(d.path("uid").asString())) {
                assertThat(defined).contains("vr");
            }
            for (GrafanaQuery q : GrafanaQuery.of(d)) {
                Matcher m = VARIABLE_USE.matcher(q.query());
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    assertThat(MACROS.contains(name) || defined.contains(name))
                            .as(d.path("uid").asString() + " " + q.where() + " uses $" + name).isTrue();
                }
            }
        }
    }

    @Test
    void annotationsUseTheDatasourceAndMarkViolationsAndActions() {
        String uid = Provisioning.datasourceUid();
        for (JsonNode d : Provisioning.dashboards()) {
            for (JsonNode a : d.path("annotations").path("list")) {
                if (a.path("builtIn").asInt() == 1) {
                    assertThat(a.path("datasource").path("type").asString()).isEqualTo("grafana");
                    continue;
                }
                assertThat(a.path("datasource").path("uid").asString()).isEqualTo(uid);
                assertThat(a.path("target").path("query").asString()).contains("$timeFilter");
                assertThat(a.path("target").path("textColumn").asString()).isNotBlank();
            }
        }
        List<String> vrAnnotations = new ArrayList<>();
        Provisioning.dashboard("vrguard-vr").path("annotations").path("list")
                .forEach(a -> vrAnnotations.add(a.path("target").path("query").asString()));
        assertThat(vrAnnotations).anyMatch(q -> q.contains("FROM \"violation\""))
                .anyMatch(q -> q.contains("FROM \"action\"") && q.contains("\"step\" = 'result'"));
    }

    @Test
    void alertRulesReferenceTheDatasourceAndExistingRefIds() {
        JsonNode root = Provisioning.alerting();
        assertThat(root.path("apiVersion").asInt()).isEqualTo(1);
        String uid = Provisioning.datasourceUid();
        Set<String> ruleUids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (JsonNode group : root.path("groups")) {
            assertThat(group.path("name").asString()).isNotBlank();
            assertThat(group.path("folder").asString()).isNotBlank();
            assertThat(group.path("interval").asString()).matches("\\d+[smh]");
            for (JsonNode rule : group.path("rules")) {
                String title = rule.path("title").asString();
                assertThat(ruleUids.add(rule.path("uid").asString())).as("unique rule uid " + title).isTrue();
                assertThat(rule.path("uid").asString()).matches(UID);
                titles.add(title);
                Set<String> refIds = new HashSet<>();
                for (JsonNode q : rule.path("data")) {
                    String ref = q.path("refId").asString();
                    assertThat(refIds.add(ref)).isTrue();
                    assertThat(q.path("model").path("refId").asString()).isEqualTo(ref);
                    String source = q.path("datasourceUid").asString();
                    if ("__expr__".equals(source)) {
                        assertThat(refIds).as(title + " expression input").contains(q.path("model").path("expression").asString());
                        assertThat(q.path("model").path("type").asString()).isIn("reduce", "threshold", "math");
                    } else {
                        assertThat(source).as(title).isEqualTo(uid);
                        assertThat(q.path("relativeTimeRange").path("from").asInt()).isPositive();
                        assertThat(q.path("model").path("query").asString()).startsWith("SELECT ").contains("$timeFilter");
                    }
                }
                assertThat(refIds).as(title + " condition").contains(rule.path("condition").asString());
                assertThat(rule.path("noDataState").asString()).isIn("OK", "NoData", "Alerting");
                assertThat(rule.path("execErrState").asString()).isIn("OK", "Error", "Alerting");
                // Grafana expands $VARS in labels: a '$' there would be silently eaten.
                assertThat(rule.path("labels").toString()).doesNotContain("$");
                assertThat(rule.path("labels").path("severity").asString()).isIn("critical", "warning");
                assertThat(rule.path("annotations").path("summary").asString()).isNotBlank();
                // The rule links to a panel that exists (Grafana wants both or neither).
                JsonNode linked = Provisioning.dashboard(rule.path("dashboardUid").asString());
                assertThat(GrafanaQuery.panels(linked)).as(title + " panelId")
                        .anyMatch(p -> p.path("id").asInt() == rule.path("panelId").asInt()
                                && !"row".equals(p.path("type").asString()));
            }
        }
        assertThat(titles).contains("VrguardSlaBreach", "VrguardIsolationViolation");
    }

    @Test
    void notificationPolicyRoutesToTheProvisionedContactPoint() {
        JsonNode root = Provisioning.alerting();
        Set<String> contactPoints = new HashSet<>();
        for (JsonNode cp : root.path("contactPoints")) {
            contactPoints.add(cp.path("name").asString());
            for (JsonNode r : cp.path("receivers")) {
                assertThat(r.path("uid").asString()).matches(UID);
                assertThat(r.path("type").asString()).isNotBlank();
                assertThat(r.path("settings").isObject()).isTrue();
            }
        }
        assertThat(contactPoints).isNotEmpty();
        assertThat(root.path("policies").size()).as("one policy tree per organisation").isEqualTo(1);
        JsonNode policy = root.path("policies").get(0);
        assertThat(contactPoints).contains(policy.path("receiver").asString());
        for (JsonNode route : policy.path("routes")) {
            assertThat(contactPoints).contains(route.path("receiver").asString());
            for (JsonNode m : route.path("object_matchers")) {
                assertThat(m.size()).isEqualTo(3);
                assertThat(m.get(1).asString()).isIn("=", "!=", "=~", "!~");
            }
        }
    }
}
