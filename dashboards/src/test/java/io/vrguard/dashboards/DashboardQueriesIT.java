package io.vrguard.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.dashboards.InfluxQlMacros.Selection;
import io.vrguard.dashboards.InfluxQueries.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every query of every provisioned dashboard and alert rule, expanded as Grafana expands it, run against a real
 * influxd that a real pipeline run filled (see {@link DashboardPipeline}). A query that returns no value fails.
 */
class DashboardQueriesIT {
    private static final double OFFERED_PPS = 4000;
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    /** Service logs stay for reading when a test failed. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path workDir;

    private static DashboardPipeline pipeline;
    private static InfluxQueries influx;
    private static Instant from;
    private static Instant to;

    @BeforeAll
    static void runThePipeline() throws Exception {
        from = Instant.now().minusSeconds(60);
        pipeline = new DashboardPipeline(workDir);
        influx = new InfluxQueries(pipeline.influx().url(), DashboardPipeline.DATABASE);
        await("collector → analyzer → influxd stores the live host, and the enforcer is up")
                .atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("a service exited", () -> !pipeline.allAlive())
                .until(() -> !influx.run("SELECT last(\"rxKpps\") FROM \"vr\" WHERE \"host\" = '"
                        + DashboardPipeline.LIVE_HOST + "'").isEmpty() && pipeline.enforcerStarted());
        pipeline.vr().startTraffic(OFFERED_PPS, 30, workDir.resolve("sent.txt"));
        pipeline.replayRecordedHost();
        // The enforcer's answer comes back through the analyzer; the recorded host, silent now, goes stale.
        await("an enforcer result stored and the recorded host stale").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .pollInterval(Duration.ofMillis(500))
                .failFast("a service exited", () -> !pipeline.allAlive())
                .until(() -> !influx.run("SELECT \"text\" FROM \"action\" WHERE \"step\" = 'result'").isEmpty()
                        && !influx.run("SELECT \"stale\" FROM \"host_health\" WHERE \"host\" = '"
                        + RecordedStarvation.HOST + "' AND \"stale\" = 1").isEmpty());
        to = Instant.now().plusSeconds(5);
        System.out.println("pipeline logs in " + workDir);
    }

    @AfterAll
    static void stop() {
        if (influx != null) {
            influx.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyFleetQueryReturnsData() {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-fleet"), Map.of());
        assertThat(vars.get("host").values()).contains(DashboardPipeline.LIVE_HOST, RecordedStarvation.HOST);
        Map<String, List<Series>> results = runAll("vrguard-fleet", vars);
        assertThat(number(results, "panel 'Hosts reporting' A")).isEqualTo(2);
        assertThat(number(results, "panel 'Routers' A")).isEqualTo(3);
        assertThat(number(results, "panel 'In SLA breach now' A")).isEqualTo(1);
        assertThat(number(results, "panel 'Starved now (isolation)' A")).isEqualTo(1);
        assertThat(results.get("panel 'Most frequent aggressors' A").get(0).column("aggressors")).contains("vr2");
        assertThat(results.get("panel 'Worst victims (breach time in range)' A"))
                .anySatisfy(s -> assertThat(s.tags()).containsEntry("host", RecordedStarvation.HOST)
                        .containsEntry("vr", "vr1"));
        assertThat(results.get("panel 'Violations opened, by type' A"))
                .anySatisfy(s -> assertThat(s.tags()).containsEntry("type", "isolation_violation"));
    }

    @Test
    void everyHostQueryReturnsDataForTheStarvedHost() {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-host"),
                Map.of("host", Selection.single(RecordedStarvation.HOST)));
        assertThat(vars.get("vr").values()).containsExactlyInAnyOrder("vr1", "vr2");
        assertThat(vars.get("cpu").values()).containsExactlyInAnyOrder("0", "1");
        Map<String, List<Series>> results = runAll("vrguard-host", vars);
        Map<String, Double> ratio = byVr(results.get("panel 'Delivered ÷ guarantee (last)' A"));
        assertThat(ratio.get("vr1")).as("vr1 delivers 682 of its 800 kpps").isCloseTo(85.25, org.assertj.core.data.Offset.offset(0.01));
        assertThat(ratio.get("vr2")).isGreaterThan(100);
        assertThat(byVr(results.get("panel 'SLA compliance in range' A")).get("vr1")).isLessThan(60);
        assertThat(results.get("panel 'Which VRs share which CPUs (contention seen by the analyzer)' A"))
                .anySatisfy(s -> assertThat(s.column("cpus")).contains("[0]"));
    }

    @Test
    void theHostDashboardShowsTheLiveHostFromTheKernel() {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-host"),
                Map.of("host", Selection.single(DashboardPipeline.LIVE_HOST)));
        List<String> kernelPanels = List.of("NET_RX SoftIRQs per CPU", "Busy % per CPU", "SoftIRQ % per CPU",
                "softnet processed per CPU", "Delivered vs offered vs guarantee", "CPU % per VR",
                "Interfaces rx / tx", "SLA compliance in range");
        JsonNode host = Provisioning.dashboard("vrguard-host");
        for (GrafanaQuery q : GrafanaQuery.of(host)) {
            List<Series> series = run(q, vars);
            if (kernelPanels.stream().anyMatch(t -> q.where().startsWith("panel '" + t + "'"))) {
                assertThat(series).as(q.where() + " for the live host").anyMatch(Series::hasValue);
            }
        }
        List<Double> busy = new ArrayList<>();
        for (Series s : influx.run(InfluxQlMacros.expand("SELECT \"deliveredKpps\" FROM \"vr\" WHERE $timeFilter"
                + " AND \"host\" =~ /^$host$/ AND \"deliveredKpps\" > 0.4", from, to, INTERVAL, vars))) {
            s.column("deliveredKpps").forEach(v -> busy.add(((Number) v).doubleValue()));
        }
        System.out.println("live host: delivered kpps per interval with traffic: " + busy);
        assertThat(busy).as("intervals with traffic").hasSizeGreaterThanOrEqualTo(5);
        double median = busy.stream().sorted().toList().get(busy.size() / 2);
        // The pacer sends 4000 pps on average (it counts what it sent); on a loaded machine single intervals jitter.
        assertThat(median).as("median delivered kpps of the namespaced VR carrying 4000 pps")
                .isCloseTo(OFFERED_PPS / 1000, org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void everyVrQueryAndAnnotationReturnsDataForTheVictim() {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-vr"),
                Map.of("host", Selection.single(RecordedStarvation.HOST), "vr", Selection.single("vr1")));
        Map<String, Selection> neighbour = resolveVariables(Provisioning.dashboard("vrguard-vr"),
                Map.of("host", Selection.single(RecordedStarvation.HOST), "vr", Selection.single("vr2")));
        Map<String, List<Series>> results = new LinkedHashMap<>();
        for (GrafanaQuery q : GrafanaQuery.of(Provisioning.dashboard("vrguard-vr"))) {
            List<Series> victim = run(q, vars);
            // A panel for what only some VRs have (a CFS quota: here the neighbour's) may be empty for the victim.
            assertThat(List.of(victim, run(q, neighbour))).as("vrguard-vr " + q.where() + " returns data for vr1 or vr2")
                    .anyMatch(series -> series.stream().anyMatch(Series::hasValue));
            results.put(q.where(), victim);
        }
        List<Object> events = results.get("annotation 'Violations (start / update / end)'").get(0).column("event");
        assertThat(events).as("the violation's start and end").contains("opened", "resolved");
        assertThat(results.get("annotation 'Violations (start / update / end)'").get(0).column("type"))
                .contains("isolation_violation");
        assertThat(results.get("annotation 'Remedies planned'").get(0).column("step")).contains("shares");
        assertThat(results.get("annotation 'Enforcer results'").get(0).column("status")).contains("dry_run");
        assertThat(results.get("panel 'Neighbours on this host: delivered' A"))
                .extracting(s -> s.tags().get("vr")).containsExactly("vr2");
        Series line = results.get("panel 'Delivered vs offered vs guarantee' A").get(0);
        assertThat(line.column("delivered")).contains(682.0, 800.0);
        assertThat(line.column("guarantee")).containsOnly(800.0);
    }

    @Test
    void alertRulesFireForTheStarvedVrOnly() {
        Map<String, List<Series>> fired = new HashMap<>();
        for (JsonNode group : Provisioning.alerting().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                fired.put(rule.path("title").asString(), evaluate(rule));
            }
        }
        assertThat(labels(fired.get("VrguardSlaBreach"))).containsExactly(RecordedStarvation.HOST + "/vr1");
        assertThat(labels(fired.get("VrguardIsolationViolation"))).containsExactly(RecordedStarvation.HOST + "/vr1");
        // The recorded host fell silent, so it is stale. The live host may be too: on a loaded machine the
        // in-process broker can stall its samples for longer than the analyzer's stale threshold. The rule must
        // fire for exactly the hosts whose latest health point the analyzer wrote as stale.
        List<String> stale = new ArrayList<>();
        for (Series s : influx.run("SELECT last(\"stale\") FROM \"host_health\" GROUP BY \"host\"")) {
            if (s.lastNumber() != null && s.lastNumber() > 0) {
                stale.add(key(s));
            }
        }
        assertThat(stale).contains(RecordedStarvation.HOST + "/");
        assertThat(labels(fired.get("VrguardStale"))).containsExactlyInAnyOrderElementsOf(stale);
    }

    /** Runs the rule's InfluxQL over its relative range, then its reduce (last, drop NaN) and threshold. */
    private static List<Series> evaluate(JsonNode rule) {
        Instant now = Instant.now();
        Map<String, List<Series>> data = new HashMap<>();
        List<Series> firing = new ArrayList<>();
        Map<String, Map<String, Double>> reduced = new HashMap<>();
        for (JsonNode q : rule.path("data")) {
            JsonNode model = q.path("model");
            String ref = q.path("refId").asString();
            if (!"__expr__".equals(q.path("datasourceUid").asString())) {
                Instant start = now.minusSeconds(q.path("relativeTimeRange").path("from").asLong());
                Instant end = now.minusSeconds(q.path("relativeTimeRange").path("to").asLong());
                List<Series> series = influx.run(InfluxQlMacros.expand(model.path("query").asString(), start, end,
                        INTERVAL, Map.of()));
                assertThat(series).as(rule.path("title").asString() + " query returns data").anyMatch(Series::hasValue);
                data.put(ref, series);
            } else if ("reduce".equals(model.path("type").asString())) {
                assertThat(model.path("reducer").asString()).isEqualTo("last");
                Map<String, Double> last = new LinkedHashMap<>();
                for (Series s : data.get(model.path("expression").asString())) {
                    last.put(key(s), s.lastNumber());
                }
                reduced.put(ref, last);
            } else {
                JsonNode evaluator = model.path("conditions").get(0).path("evaluator");
                double limit = evaluator.path("params").get(0).asDouble();
                String type = evaluator.path("type").asString();
                Map<String, Double> in = reduced.get(model.path("expression").asString());
                for (Series s : data.values().iterator().next()) {
                    Double v = in.get(key(s));
                    if (v != null && ("gt".equals(type) ? v > limit : v < limit)) {
                        firing.add(s);
                    }
                }
            }
        }
        return firing;
    }

    private static String key(Series s) {
        return s.tags().getOrDefault("host", "") + "/" + s.tags().getOrDefault("vr", "");
    }

    private static List<String> labels(List<Series> series) {
        return series.stream().map(DashboardQueriesIT::key).toList();
    }

    /** Runs every query of a dashboard; each must return at least one series with a value. */
    private static Map<String, List<Series>> runAll(String uid, Map<String, Selection> vars) {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        for (GrafanaQuery q : GrafanaQuery.of(Provisioning.dashboard(uid))) {
            List<Series> series = run(q, vars);
            assertThat(series).as(uid + " " + q.where() + " returns data with " + vars).anyMatch(Series::hasValue);
            out.put(q.where(), series);
        }
        return out;
    }

    private static List<Series> run(GrafanaQuery q, Map<String, Selection> vars) {
        return influx.run(InfluxQlMacros.expand(q.query(), from, to, INTERVAL, vars));
    }

    /**
     * Resolves the dashboard's template variables in order, each from its own SHOW TAG VALUES query with the
     * variables before it substituted: a given selection is checked against the options, the others take all.
     */
    private static Map<String, Selection> resolveVariables(JsonNode dashboard, Map<String, Selection> chosen) {
        Map<String, Selection> vars = new LinkedHashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String name = v.path("name").asString();
            List<String> options = new ArrayList<>();
            for (Series s : influx.run(InfluxQlMacros.expand(v.path("query").asString(), from, to, INTERVAL, vars))) {
                s.column("value").forEach(o -> options.add(o.toString()));
            }
            assertThat(options).as("options of $" + name).isNotEmpty();
            Selection pick = chosen.get(name);
            if (pick != null) {
                assertThat(options).as("options of $" + name).containsAll(pick.values());
                vars.put(name, pick);
            } else {
                vars.put(name, Selection.all(options));
            }
        }
        return vars;
    }

    private static double number(Map<String, List<Series>> results, String where) {
        return results.get(where).get(0).lastNumber();
    }

    private static Map<String, Double> byVr(List<Series> series) {
        Map<String, Double> out = new HashMap<>();
        series.forEach(s -> out.put(s.tags().get("vr"), s.lastNumber()));
        return out;
    }
}
