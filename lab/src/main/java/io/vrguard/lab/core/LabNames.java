package io.vrguard.lab.core;

import io.vrguard.lab.scenario.RouterSpec;

/**
 * Names of everything the lab creates. All carry the prefix {@code vrgl} (interfaces: at most 15 characters), so
 * that {@code lab clean} can find them and never touches anything else. Addresses: source side 10.77.i.0/30, sink
 * side 10.78.i.0/30, i = the router's index.
 */
public record LabNames(int index, String router) {
    public static final String PREFIX = "vrgl";
    public static final String CGROUP_BASE = "vrglab";
    public static final String PROCESS_PREFIX = "vrgl-";
    public static final int SINK_PORT = 9000;

    public static LabNames of(RouterSpec spec) {
        return new LabNames(spec.index(), spec.name());
    }

    public String routerNetns() {
        return PREFIX + "-" + router;
    }

    public String sourceNetns() {
        return PREFIX + "-" + router + "-src";
    }

    public String sinkNetns() {
        return PREFIX + "-" + router + "-snk";
    }

    /** In the source netns; its peer {@link #ingress()} is in the router's. */
    public String sourceIf() {
        return PREFIX + index + "src";
    }

    public String ingress() {
        return PREFIX + index + "in";
    }

    public String egress() {
        return PREFIX + index + "out";
    }

    public String sinkIf() {
        return PREFIX + index + "snk";
    }

    /** The tun the relay reads from: the VR's "host-side tap" toward the guest; its tx_dropped counts the drops. */
    public String tapIn() {
        return PREFIX + index + "ta";
    }

    public String tapOut() {
        return PREFIX + index + "tb";
    }

    public String sourceAddress() {
        return "10.77." + index + ".2";
    }

    public String ingressAddress() {
        return "10.77." + index + ".1";
    }

    public String egressAddress() {
        return "10.78." + index + ".1";
    }

    public String sinkAddress() {
        return "10.78." + index + ".2";
    }

    public String sinkSubnet() {
        return "10.78." + index + ".0/30";
    }

    /** libvirt's machine name {@code qemu-<id>-<name>}, systemd-escaped as libvirt does ('-' becomes \x2d). */
    public String scope() {
        return "machine-qemu\\x2d" + index + "\\x2d" + router + ".scope";
    }

    /** The VR's cgroup relative to a hierarchy root, as the inventory names it. */
    public String scopeCgroup() {
        return CGROUP_BASE + "/machine.slice/" + scope();
    }

    public String lxcCgroup() {
        return CGROUP_BASE + "/lxc.payload." + router;
    }

    public int routeTable() {
        return 100 + index;
    }
}
