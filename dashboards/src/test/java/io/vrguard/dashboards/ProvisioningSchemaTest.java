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
    /** An aggregated field of a SELECT list and its alias: {@code mean("deliveredKpps") AS "delivered"}. */
    private static final Pattern AGGREGATE = Pattern.compile("(mean|last|max|min|sum)\\(\"(\\w+)\"\\)(?: AS \"([^\"]+)\")?");
    private static final Pattern OPERATOR_BEFORE = Pattern.compile("[-+*/]\\s*$");
    private static final Pattern OPERATOR_AFTER = Pattern.compile("\\s*[-+*/]");
    private static final Set<String> MACROS = Set.of("timeFilter", "__interval", "interval", "__interval_ms",
            "__from", "__to");

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
                String title = d.path("uid").asString() + " / " + p.path("title").asString();
                for (JsonNode t : p.path("targets")) {
                    String select = outerSelectList(t.path("query").asString());
                    Matcher m = AGGREGATE.matcher(select);
                    while (m.find()) {
                        if (OPERATOR_BEFORE.matcher(select.substring(0, m.start())).find()
                                || OPERATOR_AFTER.matcher(select.substring(m.end())).lookingAt()) {
                            continue; // part of a computed ratio, shown in the unit of the result
                        }
                        String field = m.group(2);
                        String column = m.group(3) != null ? m.group(3) : m.group(1);
                        String unit = unitOf(p, column);
                        String what = title + " column '" + column + "' (" + field + ")";
                        if (field.endsWith("Kpps")) {
                            assertThat(unit).as(what + " shows kpps").isEqualTo("suffix: kpps");
                        }
                        if (field.matches("\\w+Percent(Estimate)?")) {
                            assertThat(unit).as(what + " shows %").isEqualTo("percent");
                        }
                        if (field.equals("softnetDroppedPerSec") || field.equals("softnetProcessedPerSec")) {
                            assertThat(unit).as(what + " shows packets/s").isEqualTo("pps");
                        }
                    }
                }
            }
        }
    }

    /** What a query's outer SELECT returns: the text up to its first FROM (a subquery comes after it). */
    private static String outerSelectList(String query) {
        int from = query.indexOf(" FROM ");
        return query.substring("SELECT ".length(), from < 0 ? query.length() : from);
    }

    /** The unit a column is shown in: an override naming it (by name or regex), else the panel's default. */
    private static String unitOf(JsonNode panel, String column) {
        for (JsonNode o : panel.path("fieldConfig").path("overrides")) {
            String matcher = o.path("matcher").path("id").asString();
            String options = o.path("matcher").path("options").asString();
            boolean matches = "byName".equals(matcher) && options.equals(column)
                    || "byRegexp".equals(matcher) && column.matches(options);
            if (!matches) {
                continue;
            }
            for (JsonNode prop : o.path("properties")) {
                if ("unit".equals(prop.path("id").asString())) {
                    return prop.path("value").asString();
                }
            }
        }
        return panel.path("fieldConfig").path("defaults").path("unit").asString();
    }

    @Test
    void aVrIsColouredByWhatItWasEntitledToNotByItsGuaranteeAlone() {
        for (String uid : List.of("vrguard-host", "vrguard-vr")) {
            List<JsonNode> ratio = GrafanaQuery.panels(Provisioning.dashboard(uid)).stream()
                    .filter(p -> p.path("title").asString().startsWith("Delivered ÷ min(offered, guarantee)")).toList();
            assertThat(ratio).as(uid).hasSize(1);
            assertThat(ratio.get(0).path("targets").get(0).path("query").asString()).as(uid)
                    .contains("last(\"ofEntitlementPercent\") FROM \"sla\"").doesNotContain("guaranteeKpps");
            assertRedToGreen(uid, ratio.get(0).path("fieldConfig").path("defaults").path("thresholds"));
        }
        // The VR's graph: its guarantee line, and delivered ÷ min(offered, guarantee) coloured by thresholds.
        JsonNode graph = GrafanaQuery.panels(Provisioning.dashboard("vrguard-vr")).stream()
                .filter(p -> p.path("title").asString().equals("Delivered vs offered vs guarantee")).findFirst()
                .orElseThrow();
        StringBuilder queries = new StringBuilder();
        graph.path("targets").forEach(t -> queries.append(t.path("query").asString()).append('\n'));
        assertThat(queries.toString()).contains("mean(\"guaranteeKpps\") AS \"guarantee\"",
                "mean(\"ofEntitlementPercent\") AS \"of entitlement\"");
        JsonNode coloured = null;
        for (JsonNode o : graph.path("fieldConfig").path("overrides")) {
            if ("of entitlement".equals(o.path("matcher").path("options").asString())) {
                coloured = o;
            }
        }
        assertThat(coloured).as("an override for the ratio").isNotNull();
        String colourMode = null;
        String thresholdsStyle = null;
        JsonNode thresholds = null;
        for (JsonNode prop : coloured.path("properties")) {
            switch (prop.path("id").asString()) {
                case "color" -> colourMode = prop.path("value").path("mode").asString();
                case "custom.thresholdsStyle" -> thresholdsStyle = prop.path("value").path("mode").asString();
                case "thresholds" -> thresholds = prop.path("value");
                default -> { }
            }
        }
        assertThat(colourMode).as("the ratio is coloured by its thresholds").isEqualTo("thresholds");
        assertThat(thresholdsStyle).as("and they are drawn").isNotNull().isNotEqualTo("off");
        assertRedToGreen("vrguard-vr graph", thresholds);
    }

    private static void assertRedToGreen(String where, JsonNode thresholds) {
        JsonNode steps = thresholds.path("steps");
        assertThat(steps.get(0).path("color").asString()).as(where).isEqualTo("red");
        assertThat(steps.get(steps.size() - 1).path("color").asString()).as(where).isEqualTo("green");
        assertThat(steps.get(steps.size() - 1).path("value").asDouble()).as(where).isBetween(95.0, 100.0);
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
            if ("vrguard-fleet".equals(d.path("uid").asString())) {
                // Fleet-wide: filtered by host (any number of them), never by one VR.
                assertThat(defined).as("fleet variables").containsExactly("host");
                JsonNode host = d.path("templating").path("list").get(0);
                assertThat(host.path("multi").asBoolean() && host.path("includeAll").asBoolean())
                        .as("fleet $host takes several hosts or all").isTrue();
            } else {
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
        List<String> vrAnnotations = annotationQueries("vrguard-vr");
        assertThat(vrAnnotations).as("every VR annotation is about $vr")
                .allSatisfy(q -> assertThat(q).contains("\"host\" =~ /^$host$/", "\"vr\" =~ /^$vr$/"));
        assertThat(vrAnnotations).anyMatch(q -> q.contains("FROM \"violation\""))
                .anyMatch(q -> q.contains("FROM \"action\""))
                .anyMatch(q -> q.contains("FROM \"action_change\""));
        assertThat(annotationQueries("vrguard-host"))
                .anyMatch(q -> q.contains("FROM \"violation\""))
                .anyMatch(q -> q.contains("FROM \"action_change\"") && q.contains("\"host\" =~ /^$host$/"));
    }

    private static List<String> annotationQueries(String uid) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : Provisioning.dashboard(uid).path("annotations").path("list")) {
            if (a.path("builtIn").asInt() != 1) {
                out.add(a.path("target").path("query").asString());
            }
        }
        return out;
    }

    @Test
    void theVrsNeighboursAreTheVrsOnItsCpusWithTheirFiguresFromVr() {
        JsonNode vr = Provisioning.dashboard("vrguard-vr");
        JsonNode cpu = variable(vr, "cpu");
        assertThat(cpu.path("query").asString()).isEqualTo(
                "SHOW TAG VALUES FROM \"vr_cpu\" WITH KEY = \"cpu\" WHERE \"host\" =~ /^$host$/ AND \"vr\" =~ /^$vr$/");
        JsonNode neighbour = variable(vr, "neighbour");
        assertThat(neighbour.path("query").asString()).isEqualTo("SHOW TAG VALUES FROM \"vr_cpu\" WITH KEY = \"vr\""
                + " WHERE \"host\" =~ /^$host$/ AND \"cpu\" =~ /^$cpu$/");
        for (JsonNode v : List.of(cpu, neighbour)) {
            assertThat(v.path("hide").asInt()).as("$" + v.path("name").asString() + " is hidden: it follows $vr")
                    .isEqualTo(2);
            assertThat(v.path("multi").asBoolean() && v.path("includeAll").asBoolean()).isTrue();
            assertThat(v.path("definition").asString()).isEqualTo(v.path("query").asString());
        }
        List<JsonNode> neighbours = GrafanaQuery.panels(vr).stream()
                .filter(p -> p.path("title").asString().startsWith("Neighbours")).toList();
        // vr_cpu is written only when the topology changes and once a minute: per-interval figures come from vr
        assertThat(neighbours).hasSize(2).allSatisfy(p -> assertThat(p.path("targets").get(0).path("query").asString())
                .contains("FROM \"vr\" WHERE $timeFilter", "\"vr\" =~ /^$neighbour$/", "\"vr\" !~ /^$vr$/",
                        "GROUP BY time($__interval), \"vr\"")
                .doesNotContain("vr_cpu"));
    }

    @Test
    void theCpuMapLooksBackFarEnoughForTheSparseTopology() {
        // The analyzer rewrites each VR's vr_cpu points at least every influx.topology-every, which it refuses
        // above 5 minutes (AnalyzerProperties.Influx.MAX_TOPOLOGY_EVERY): a table over the range alone would miss
        // VRs whose placement was last written before the range started.
        JsonNode map = GrafanaQuery.panels(Provisioning.dashboard("vrguard-host")).stream()
                .filter(p -> p.path("title").asString().equals("Which VRs share which CPUs")).findFirst()
                .orElseThrow();
        assertThat(map.path("targets").get(0).path("query").asString())
                .contains("last(\"vrsOnCpu\")", "FROM \"vr_cpu\" WHERE time >= ${__from}ms - 5m AND time <= ${__to}ms",
                        "GROUP BY \"cpu\", \"vr\"")
                .doesNotContain("$timeFilter");
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (name.equals(v.path("name").asString())) {
                return v;
            }
        }
        throw new AssertionError("no $" + name + " on " + dashboard.path("uid").asString());
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
