package io.vrguard.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands a query the way Grafana's InfluxQL datasource does before sending it: {@code $timeFilter},
 * {@code $__interval}/{@code $interval}/{@code $__interval_ms}, the range's ends {@code ${__from}}/{@code ${__to}}
 * (epoch milliseconds, Grafana's global variables), and template variables ({@code $name},
 * {@code ${name}}, {@code [[name]]}). A multi-value or "All" variable becomes a regex alternation of its
 * regex-escaped values, as Grafana writes it inside {@code /^$var$/}.
 */
final class InfluxQlMacros {
    private static final Pattern LEFTOVER = Pattern.compile("\\$\\{?\\w+|\\[\\[\\w+]]");

    private InfluxQlMacros() {
    }

    /** A template variable's current selection. */
    record Selection(List<String> values, boolean multi) {
        static Selection single(String value) {
            return new Selection(List.of(value), false);
        }

        static Selection all(List<String> values) {
            return new Selection(values, true);
        }

        String formatted() {
            if (!multi && values.size() == 1) {
                return values.get(0);
            }
            return values.stream().map(InfluxQlMacros::escapeRegex).collect(Collectors.joining("|", "(", ")"));
        }
    }

    static String expand(String query, Instant from, Instant to, Duration interval, Map<String, Selection> vars) {
        String q = query.replace("$timeFilter",
                "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms");
        q = q.replace("${__from}", Long.toString(from.toEpochMilli())).replace("${__to}",
                Long.toString(to.toEpochMilli()));
        q = q.replace("$__from", Long.toString(from.toEpochMilli())).replace("$__to", Long.toString(to.toEpochMilli()));
        q = q.replace("$__interval_ms", Long.toString(interval.toMillis()));
        q = q.replace("$__interval", grafanaDuration(interval)).replace("$interval", grafanaDuration(interval));
        List<String> names = vars.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String name : names) {
            String value = Matcher.quoteReplacement(vars.get(name).formatted());
            q = q.replaceAll("\\$\\{" + name + "}", value).replaceAll("\\[\\[" + name + "]]", value)
                    .replaceAll("\\$" + name + "(?!\\w)", value);
        }
        Matcher left = LEFTOVER.matcher(q);
        if (left.find()) {
            throw new IllegalArgumentException("unexpanded '" + left.group() + "' in: " + q);
        }
        return q;
    }

    /** Grafana's kbn.secondsToHms-style interval: 500ms, 2s, 1m, 1h. */
    static String grafanaDuration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    static String escapeRegex(String value) {
        return value.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0");
    }
}
