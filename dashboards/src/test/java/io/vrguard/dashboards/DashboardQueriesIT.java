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
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every query of every provisioned dashboard and alert rule, expanded as Grafana expands it, run against a real
 * influxd that a real pipeline run filled (see {@link DashboardPipeline}). A query that returns no value fails, and
 * one that returns only zeros too, unless 0 is what it really measured here (see {@link #ZERO_IS_AN_ANSWER}). The VR
 * dashboard runs for each VR of the recorded host in turn and must show that VR's own data.
 */
class DashboardQueriesIT {
    private static final double OFFERED_PPS = 4000;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String HOST = RecordedStarvation.HOST;

    /**
     * Panels whose only true answer in this run is 0, so 0 counts as data: no softnet drops or CFS throttling is
     * recorded for the recorded host (its samples say 0), and the live host drops nothing at 4 kpps.
     */
    private static final Set<String> ZERO_IS_AN_ANSWER = Set.of(
            "panel 'softnet drops per CPU' A",
            "panel 'CFS throttling per VR' A",
            "panel 'CFS throttling' A");

    /** VR dashboard queries that must be empty for a VR, and why: they are about what that VR does not have. */
    private static final Map<String, Set<String>> EMPTY_FOR_VR = Map.of(
            // vr1 runs without a CFS quota (only vr2 has one)
            "vr1", Set.of("panel 'CFS quota' A"),
            // vr2 was never a victim: no violation, no remedy planned for it (its shares changed for vr1's)
            "vr2", Set.of("annotation 'Violations (start / update / end)'", "annotation 'Remedies planned'",
                    "panel 'Aggressors and contended CPUs in this VR's violations' A",
                    "panel 'Remedies planned for this VR' A"));

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
        pipeline.sendForgedCommand();
        // The enforcer's answers come back through the analyzer; the recorded host, silent now, goes stale.
        await("enforcer results (changes and the refusal) stored and the recorded host stale")
                .atMost(Duration.ofSeconds(90)).ignoreExceptions().pollInterval(Duration.ofMillis(500))
                .failFast("a service exited", () -> !pipeline.allAlive())
                .until(() -> !influx.run("SELECT \"text\" FROM \"action_change\"").isEmpty()
                        && !influx.run("SELECT \"text\" FROM \"action\" WHERE \"status\" = 'rejected'").isEmpty()
                        && !influx.run("SELECT \"stale\" FROM \"host_health\" WHERE \"host\" = '"
                        + HOST + "' AND \"stale\" = 1").isEmpty());
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
        assertThat(number(results, "panel 'Routers' A")).isEqualTo(4);
        assertThat(number(results, "panel 'In SLA breach now' A")).isEqualTo(1);
        assertThat(number(results, "panel 'Starved now (isolation)' A")).isEqualTo(1);
        // vr1 was starved twice by vr2 (opened, resolved, opened again): two violations, whatever their updates
        assertThat(results.get("panel 'Most frequent aggressors' A")).singleElement().satisfies(s -> {
            assertThat(s.tags()).containsEntry("host", HOST).containsEntry("aggressor", "vr2");
            assertThat(s.column("violations")).containsExactly(2.0);
        });
        assertThat(results.get("panel 'Worst victims (breach time in range)' A"))
                .anySatisfy(s -> assertThat(s.tags()).containsEntry("host", RecordedStarvation.HOST)
                        .containsEntry("vr", "vr1"));
        assertThat(results.get("panel 'Violations opened, by type' A"))
                .anySatisfy(s -> assertThat(s.tags()).containsEntry("type", "isolation_violation"));
    }

    @Test
    void everyHostQueryReturnsDataForTheStarvedHost() {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-host"),
                Map.of("host", Selection.single(HOST)));
        assertThat(vars.get("vr").values()).containsExactlyInAnyOrder("vr1", "vr2", "vr3");
        assertThat(vars.get("cpu").values()).containsExactlyInAnyOrder("0", "1");
        Map<String, List<Series>> results = runAll("vrguard-host", vars);
        Map<String, Double> ratio = byVr(results.get("panel 'Delivered ÷ min(offered, guarantee) (last)' A"));
        assertThat(ratio.get("vr1")).as("vr1 delivers 682 of the 800 kpps it is offered and guaranteed")
                .isCloseTo(85.25, Offset.offset(0.01));
        assertThat(ratio.get("vr2")).as("vr2 delivers 567 kpps against its 400 guaranteed").isCloseTo(141.75,
                Offset.offset(0.01));
        assertThat(ratio.get("vr3")).as("vr3 is offered 50 kpps of its 100 guaranteed and forwards all: in its SLA")
                .isCloseTo(100, Offset.offset(0.01));
        assertThat(byVr(results.get("panel 'SLA compliance in range' A")).get("vr1")).isLessThan(60);
        assertThat(results.get("panel 'Contention the analyzer found (violation events)' A"))
                .anySatisfy(s -> assertThat(s.column("cpus")).contains("[0]"));
        Map<String, Map<String, Double>> cpuMap = cpuMap(results.get("panel 'Which VRs share which CPUs' A"));
        assertThat(cpuMap).as("CPU → VRs that may run on it, and how many").isEqualTo(Map.of(
                "0", Map.of("vr1", 2.0, "vr2", 2.0),
                "1", Map.of("vr3", 1.0)));
        Series changes = results.get("annotation 'Enforcer changes'").get(0);
        assertThat(changes.column("vr")).as("the shares command set both VRs on CPU 0").contains("vr1", "vr2")
                .doesNotContain("vr3");
        assertThat(changes.column("status")).containsOnly("dry_run");
        Series refusals = results.get("annotation 'Enforcer refusals'").get(0);
        assertThat(refusals.column("status")).containsOnly("rejected");
        assertThat(refusals.column("text")).anySatisfy(t -> assertThat(t.toString()).startsWith("bad_signature"));
        assertThat(results.get("annotation 'Remedies planned'").get(0).column("step")).contains("shares")
                .doesNotContain("result");
    }

    /**
     * vr_cpu is a sparse topology: the recorded host's 24 samples kept one placement, so each VR and CPU was written
     * at the first sample only (per-sample writes would have made 24 points each). The CPU map still shows it for a
     * range that starts after that write, since it looks back 5 minutes before the range.
     */
    @Test
    void theCpuMapIsWrittenOnceForAnUnchangedPlacementAndStillShownForALaterRange() {
        List<Series> written = influx.run("SELECT count(\"vrsOnCpu\") FROM \"vr_cpu\" WHERE \"host\" = '" + HOST
                + "' GROUP BY \"cpu\", \"vr\"");
        assertThat(written).extracting(s -> s.tags().get("cpu") + "/" + s.tags().get("vr"))
                .containsExactlyInAnyOrder("0/vr1", "0/vr2", "1/vr3");
        // one write at first sight; a second only if a rebalance moved the host and its new owner saw it anew
        assertThat(written).allSatisfy(s -> assertThat(s.lastNumber()).as(s.tags().toString()).isBetween(1.0, 2.0));
        Instant firstWrite = Instant.parse(influx.run("SELECT first(\"vrsOnCpu\") FROM \"vr_cpu\" WHERE \"host\" = '"
                + HOST + "'").get(0).values().get(0).get(0).toString());
        Instant later = to.minusSeconds(5);
        assertThat(later).as("the range starts after the topology was written").isAfter(firstWrite);

        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-host"),
                Map.of("host", Selection.single(HOST)));
        GrafanaQuery table = GrafanaQuery.of(Provisioning.dashboard("vrguard-host")).stream()
                .filter(q -> q.where().equals("panel 'Which VRs share which CPUs' A")).findFirst().orElseThrow();
        List<Series> map = influx.run(InfluxQlMacros.expand(table.query(), later, to, INTERVAL, vars));
        assertThat(cpuMap(map)).isEqualTo(Map.of(
                "0", Map.of("vr1", 2.0, "vr2", 2.0),
                "1", Map.of("vr3", 1.0)));
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
        // The namespaced VR has no cpuset of its own: it may run on every CPU of the host, alone.
        Map<String, Map<String, Double>> cpuMap = cpuMap(run(GrafanaQuery.of(host).stream()
                .filter(q -> q.where().equals("panel 'Which VRs share which CPUs' A")).findFirst().orElseThrow(), vars));
        assertThat(cpuMap.keySet()).as("CPUs of the live host's VR").containsExactlyInAnyOrderElementsOf(
                vars.get("cpu").values());
        assertThat(cpuMap.values()).allSatisfy(vrs -> assertThat(vrs).isEqualTo(Map.of(DashboardPipeline.VR, 1.0)));
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
    void everyVrQueryAndAnnotationShowsTheVictimsOwnData() {
        Map<String, List<Series>> results = runVrDashboard("vr1", Set.of("0"), Set.of("vr1", "vr2"));
        List<Object> events = results.get("annotation 'Violations (start / update / end)'").get(0).column("event");
        assertThat(events).as("the violation's start and end").contains("opened", "resolved");
        assertThat(results.get("annotation 'Violations (start / update / end)'").get(0).column("type"))
                .contains("isolation_violation");
        assertThat(results.get("annotation 'Remedies planned'").get(0).column("step")).contains("shares");
        Series changes = results.get("annotation 'Enforcer changes'").get(0);
        assertThat(changes.column("vr")).containsOnly("vr1");
        assertThat(changes.column("status")).containsOnly("dry_run");
        assertThat(changes.column("text")).allSatisfy(t -> assertThat(t.toString())
                .as("what the knob held and what the command asked for").matches("cpu\\.shares 1024 -> \\d+ \\(dry_run.*"));
        assertThat(results.get("panel 'Enforcer changes on this VR (before → after)' A").get(0).column("before"))
                .containsOnly("1024");
        assertNeighbours(results, "vr2");
        Series line = results.get("panel 'Delivered vs offered vs guarantee' A").get(0);
        assertThat(line.column("delivered")).contains(682.0, 800.0);
        assertThat(line.column("guarantee")).containsOnly(800.0);
        Series sla = results.get("panel 'Delivered vs offered vs guarantee' B").get(0);
        assertThat(sla.column("SLA floor")).as("800 less the 2 % tolerance").containsOnly(784.0);
        assertThat(sla.column("of entitlement")).contains(85.25, 100.0);
        assertThat(results.get("panel 'Delivered ÷ min(offered, guarantee)' A").get(0).lastNumber())
                .isCloseTo(85.25, Offset.offset(0.01));
    }

    @Test
    void everyVrQueryAndAnnotationShowsTheNeighboursOwnData() {
        Map<String, List<Series>> results = runVrDashboard("vr2", Set.of("0"), Set.of("vr1", "vr2"));
        assertThat(results.get("annotation 'Enforcer changes'").get(0).column("vr")).containsOnly("vr2");
        assertNeighbours(results, "vr1");
        Series line = results.get("panel 'Delivered vs offered vs guarantee' A").get(0);
        assertThat(line.column("delivered")).contains(567.0, 440.0);
        assertThat(line.column("guarantee")).containsOnly(400.0);
        assertThat(results.get("panel 'CFS quota' A").get(0).column("quota")).contains(100_000.0);
    }

    @Test
    void aVrAloneOnItsCpuHasNoNeighboursAndIsInItsSlaBelowItsGuarantee() {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-vr"),
                Map.of("host", Selection.single(HOST), "vr", Selection.single("vr3")));
        assertThat(vars.get("cpu").values()).containsExactly("1");
        assertThat(vars.get("neighbour").values()).as("the VRs on CPU 1: vr3 alone").containsExactly("vr3");
        for (GrafanaQuery q : GrafanaQuery.of(Provisioning.dashboard("vrguard-vr"))) {
            if (q.where().startsWith("panel 'Neighbours on the same CPUs")) {
                assertThat(run(q, vars)).as(q.where() + " for vr3").isEmpty();
            }
            if (q.where().equals("panel 'Delivered ÷ min(offered, guarantee)' A")) {
                // delivered ÷ guarantee alone would say 50 %, red, for a VR that forwards all it is offered
                assertThat(run(q, vars).get(0).lastNumber()).isCloseTo(100, Offset.offset(0.01));
            }
        }
    }

    /**
     * Runs every query of the VR dashboard for one VR of the recorded host: each returns data (only the ones
     * {@link #EMPTY_FOR_VR} names for it must be empty), the hidden $cpu is the VR's own cpuset and the hidden
     * $neighbour the VRs that may run on it, the VR included.
     */
    private static Map<String, List<Series>> runVrDashboard(String vr, Set<String> cpus, Set<String> onThoseCpus) {
        Map<String, Selection> vars = resolveVariables(Provisioning.dashboard("vrguard-vr"),
                Map.of("host", Selection.single(HOST), "vr", Selection.single(vr)));
        assertThat(vars.get("cpu").values()).as("$cpu of " + vr).containsExactlyInAnyOrderElementsOf(cpus);
        assertThat(vars.get("neighbour").values()).as("$neighbour of " + vr)
                .containsExactlyInAnyOrderElementsOf(onThoseCpus);
        Set<String> empty = EMPTY_FOR_VR.getOrDefault(vr, Set.of());
        Map<String, List<Series>> results = new LinkedHashMap<>();
        for (GrafanaQuery q : GrafanaQuery.of(Provisioning.dashboard("vrguard-vr"))) {
            List<Series> series = run(q, vars);
            if (empty.contains(q.where())) {
                assertThat(series).as("vrguard-vr " + q.where() + " for " + vr).noneMatch(Series::hasAnyValue);
            } else {
                assertHasData(q, series, "vrguard-vr " + q.where() + " for " + vr);
            }
            results.put(q.where(), series);
        }
        assertThat(results.keySet()).containsAll(empty);
        return results;
    }

    /** Both neighbour panels show exactly the VRs on the same CPUs: vr3, alone on CPU 1, never. */
    private static void assertNeighbours(Map<String, List<Series>> results, String... neighbours) {
        for (String panel : List.of("panel 'Neighbours on the same CPUs: delivered' A",
                "panel 'Neighbours on the same CPUs: CPU %' A")) {
            assertThat(results.get(panel)).as(panel).extracting(s -> s.tags().get("vr")).containsOnly(neighbours);
        }
    }

    @Test
    void alertRulesFireForTheStarvedVrOnly() {
        Map<String, List<Series>> fired = new HashMap<>();
        for (JsonNode group : Provisioning.alerting().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                fired.put(rule.path("title").asString(), evaluate(rule));
            }
        }
        assertThat(labels(fired.get("VrguardSlaBreach"))).containsExactly(HOST + "/vr1");
        assertThat(labels(fired.get("VrguardIsolationViolation"))).containsExactly(HOST + "/vr1");
        // The recorded host fell silent, so it is stale. The live host may be too: on a loaded machine the
        // in-process broker can stall its samples for longer than the analyzer's stale threshold. The rule must
        // fire for exactly the hosts whose latest health point the analyzer wrote as stale.
        List<String> stale = new ArrayList<>();
        for (Series s : influx.run("SELECT last(\"stale\") FROM \"host_health\" GROUP BY \"host\"")) {
            if (s.lastNumber() != null && s.lastNumber() > 0) {
                stale.add(key(s));
            }
        }
        assertThat(stale).contains(HOST + "/");
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
            assertHasData(q, series, uid + " " + q.where() + " with " + vars);
            out.put(q.where(), series);
        }
        return out;
    }

    /** Data: a value other than 0, or 0 too where 0 is what the panel really measured here. */
    private static void assertHasData(GrafanaQuery q, List<Series> series, String what) {
        if (ZERO_IS_AN_ANSWER.contains(q.where())) {
            assertThat(series).as(what + " returns a value").anyMatch(Series::hasAnyValue);
        } else {
            assertThat(series).as(what + " returns a value other than 0").anyMatch(Series::hasValue);
        }
    }

    /** The CPU map table: CPU → VR → how many VRs may run on that CPU. */
    private static Map<String, Map<String, Double>> cpuMap(List<Series> series) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (Series s : series) {
            out.computeIfAbsent(s.tags().get("cpu"), c -> new HashMap<>()).put(s.tags().get("vr"),
                    ((Number) s.column("VRs on the CPU").get(0)).doubleValue());
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
