package io.vrguard.dashboards;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One InfluxQL query of a dashboard, as Grafana would send it before macro and variable expansion: a panel
 * target, a template variable's query or an annotation's query.
 *
 * @param where  "panel 'Title' A", "variable host", "annotation 'Violations'"
 * @param format Grafana's resultFormat (time_series, table) or "variable"/"annotation"
 */
record GrafanaQuery(String where, String query, String format) {

    static List<GrafanaQuery> of(JsonNode dashboard) {
        List<GrafanaQuery> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode t : panel.path("targets")) {
                out.add(new GrafanaQuery("panel '" + panel.path("title").asString() + "' " + t.path("refId").asString(),
                        t.path("query").asString(), t.path("resultFormat").asString("time_series")));
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if ("query".equals(v.path("type").asString())) {
                out.add(new GrafanaQuery("variable " + v.path("name").asString(), v.path("query").asString(),
                        "variable"));
            }
        }
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (a.has("target")) {
                out.add(new GrafanaQuery("annotation '" + a.path("name").asString() + "'",
                        a.path("target").path("query").asString(), "annotation"));
            }
        }
        return out;
    }

    /** Every panel, those nested in collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    boolean isPanel() {
        return where.startsWith("panel ");
    }
}
