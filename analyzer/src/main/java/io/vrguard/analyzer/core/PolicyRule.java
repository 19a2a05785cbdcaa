package io.vrguard.analyzer.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer of SLA policy for a scope: {@code fleet}, {@code host:HOST}, {@code vr:*\/VR} (that VR name on any
 * host) or {@code vr:HOST/VR}. Null fields inherit from the wider scope. This is the record on
 * {@code vrguard.slas} (key = scope) and in the YAML bootstrap file.
 *
 * @param minQuotaPercent the smallest CFS quota cap the planner may set on this VR, in per cent of one CPU
 *                        (0 &lt; x &le; 100); sent to the enforcer in the command's bounds
 */
public record PolicyRule(
        String scope,
        Double guaranteeKpps,
        Double maxDropRatio,
        Integer priority,
        Mode mode,
        Long minShares,
        Long maxShares,
        Boolean quotaAllowed,
        List<Integer> allowedCpus,
        Double tolerance,
        Double minQuotaPercent) {

    public static final String FLEET = "fleet";

    /** Every problem at once, empty when the rule is valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!validScope(scope)) {
            out.add("scope must be 'fleet', 'host:HOST', 'vr:HOST/VR' or 'vr:*/VR', got '" + scope + "'");
        }
        if (guaranteeKpps != null && (guaranteeKpps < 0 || guaranteeKpps.isNaN() || guaranteeKpps.isInfinite())) {
            out.add("guaranteeKpps must be a finite number >= 0, got " + guaranteeKpps);
        }
        if (maxDropRatio != null && !(maxDropRatio >= 0 && maxDropRatio <= 1)) {
            out.add("maxDropRatio must be within 0..1, got " + maxDropRatio);
        }
        if (tolerance != null && !(tolerance >= 0 && tolerance < 1)) {
            out.add("tolerance must be within 0..1 (exclusive), got " + tolerance);
        }
        if (priority != null && priority < 0) {
            out.add("priority must be >= 0, got " + priority);
        }
        checkShares(out);
        if (minQuotaPercent != null && !(minQuotaPercent > 0 && minQuotaPercent <= 100)) {
            out.add("minQuotaPercent must be more than 0 and at most 100 (per cent of one CPU), got "
                    + minQuotaPercent);
        }
        if (allowedCpus != null && allowedCpus.stream().anyMatch(c -> c == null || c < 0)) {
            out.add("allowedCpus must list CPU numbers >= 0, got " + allowedCpus);
        }
        return out;
    }

    private void checkShares(List<String> out) {
        if (minShares != null && (minShares < 2 || minShares > 262144)) {
            out.add("minShares must be within 2..262144, got " + minShares);
        }
        if (maxShares != null && (maxShares < 2 || maxShares > 262144)) {
            out.add("maxShares must be within 2..262144, got " + maxShares);
        }
        if (minShares != null && maxShares != null && minShares > maxShares) {
            out.add("minShares (" + minShares + ") must not exceed maxShares (" + maxShares + ")");
        }
    }

    static boolean validScope(String scope) {
        if (scope == null) {
            return false;
        }
        if (scope.equals(FLEET)) {
            return true;
        }
        if (scope.startsWith("host:")) {
            return scope.length() > 5 && !scope.substring(5).contains("/");
        }
        if (scope.startsWith("vr:")) {
            String rest = scope.substring(3);
            int slash = rest.indexOf('/');
            return slash > 0 && slash < rest.length() - 1 && rest.indexOf('/', slash + 1) < 0;
        }
        return false;
    }

    public static String hostScope(String host) {
        return "host:" + host;
    }

    public static String vrScope(String host, String vr) {
        return "vr:" + host + "/" + vr;
    }

    /** This layer over {@code wider}: a field set here wins. */
    PolicyRule over(PolicyRule wider) {
        return new PolicyRule(scope,
                pick(guaranteeKpps, wider.guaranteeKpps), pick(maxDropRatio, wider.maxDropRatio),
                pick(priority, wider.priority), pick(mode, wider.mode), pick(minShares, wider.minShares),
                pick(maxShares, wider.maxShares), pick(quotaAllowed, wider.quotaAllowed),
                pick(allowedCpus, wider.allowedCpus), pick(tolerance, wider.tolerance),
                pick(minQuotaPercent, wider.minQuotaPercent));
    }

    private static <T> T pick(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }
}
