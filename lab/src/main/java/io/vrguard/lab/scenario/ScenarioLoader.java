package io.vrguard.lab.scenario;

import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a scenario YAML file into a validated {@link Scenario}. Every problem is collected and reported together,
 * each naming the field it is about. Format: see lab/README.md and lab/scenarios/.
 */
public final class ScenarioLoader {
    /** Short, so that {@code vrgl-<name>-src} stays readable; names appear in reports and the inventory. */
    private static final Pattern ROUTER_NAME = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final int MAX_ROUTERS = 9;
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public Scenario load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
    }

    public Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ScenarioException(source, List.of("is not valid YAML: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(source, List.of("must be a YAML mapping with 'routers' and 'steps'"));
        }
        List<String> problems = new ArrayList<>();
        Fields f = new Fields(root, "", problems);
        String name = f.text("name", null);
        String description = f.text("description", "");
        int work = (int) f.number("relay.workRounds", 0, 0, 10_000_000);
        double capacity = f.number("relay.capacityKpps", 0, 0, 10_000);
        int bytes = (int) f.number("relay.packetBytes", 64, 28, 1472);
        Duration settle = Duration.ofMillis((long) (f.number("settleSeconds", 1, 0, 60) * 1000));
        List<RouterSpec> routers = routers(root.get("routers"), problems);
        List<Step> steps = steps(root.get("steps"), routers, settle, problems);
        if (!problems.isEmpty()) {
            throw new ScenarioException(source, problems);
        }
        return new Scenario(name, description, work, capacity, bytes, settle, routers, steps);
    }

    private static List<RouterSpec> routers(JsonNode list, List<String> problems) {
        List<RouterSpec> routers = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add("'routers' must be a non-empty list");
            return routers;
        }
        if (list.size() > MAX_ROUTERS) {
            problems.add("'routers' has " + list.size() + " entries; at most " + MAX_ROUTERS + " are supported");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Fields f = new Fields(list.get(i), "routers[" + i + "].", problems);
            String name = f.text("name", null);
            if (name != null && !ROUTER_NAME.matcher(name).matches()) {
                problems.add("routers[" + i + "].name '" + name + "' must match " + ROUTER_NAME.pattern());
            } else if (name != null && !names.add(name)) {
                problems.add("routers[" + i + "].name '" + name + "' is used twice");
            }
            VrKind kind = f.kind();
            double guarantee = f.number("guaranteeKpps", null, 0.001, 10_000);
            int shares = (int) f.number("cpuShares", (double) RouterSpec.DEFAULT_SHARES, 2, 262_144);
            routers.add(new RouterSpec(i + 1, name, kind, guarantee, shares));
        }
        return routers;
    }

    private static List<Step> steps(JsonNode list, List<RouterSpec> routers, Duration settle, List<String> problems) {
        List<Step> steps = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add("'steps' must be a non-empty list");
            return steps;
        }
        Set<String> known = new HashSet<>();
        routers.forEach(r -> known.add(r.name()));
        for (int i = 0; i < list.size(); i++) {
            String at = "steps[" + i + "].";
            Fields f = new Fields(list.get(i), at, problems);
            String name = f.text("name", "step" + (i + 1));
            double seconds = f.number("seconds", null, 1, 3600);
            if (seconds * 1000 <= settle.toMillis()) {
                problems.add(at + "seconds (" + seconds + ") must be longer than settleSeconds");
            }
            steps.add(new Step(name, Duration.ofMillis((long) (seconds * 1000)),
                    offered(list.get(i) == null ? null : list.get(i).get("offeredKpps"), at, known, problems)));
        }
        return steps;
    }

    private static Map<String, Double> offered(JsonNode node, String at, Set<String> known, List<String> problems) {
        Map<String, Double> offered = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            problems.add(at + "offeredKpps must map router names to kpps");
            return offered;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                problems.add(at + "offeredKpps names unknown router '" + e.getKey() + "'");
            } else if (!e.getValue().isNumber() || e.getValue().asDouble() < 0 || e.getValue().asDouble() > 10_000) {
                problems.add(at + "offeredKpps." + e.getKey() + " must be a number in [0, 10000]");
            } else {
                offered.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return offered;
    }

    /** Typed access to one mapping's fields, recording a problem (and returning a placeholder) when one is bad. */
    private record Fields(JsonNode node, String at, List<String> problems) {
        String text(String field, String fallback) {
            JsonNode v = node == null ? null : node.get(field);
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    problems.add(at + field + " is missing");
                }
                return fallback;
            }
            if (!v.isString() || v.asString().isBlank()) {
                problems.add(at + field + " must be a non-empty string");
                return fallback;
            }
            return v.asString();
        }

        double number(String path, Number fallback, double min, double max) {
            JsonNode v = node;
            for (String part : path.split("\\.")) {
                v = v == null ? null : v.get(part);
            }
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    problems.add(at + path + " is missing");
                    return min;
                }
                return fallback.doubleValue();
            }
            if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
                problems.add(at + path + " must be a number in [" + fmt(min) + ", " + fmt(max) + "], got '"
                        + v.asString() + "'");
                return min;
            }
            return v.asDouble();
        }

        VrKind kind() {
            String text = text("kind", "kvm");
            try {
                return text == null ? VrKind.KVM : VrKind.fromWire(text);
            } catch (IllegalArgumentException e) {
                problems.add(at + "kind: " + e.getMessage());
                return VrKind.KVM;
            }
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }
    }
}
