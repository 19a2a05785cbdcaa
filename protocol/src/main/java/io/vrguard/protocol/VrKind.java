package io.vrguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a virtual router forwards, which decides which remedy can reach it. */
public enum VrKind {
    /** QEMU/KVM: forwarding in user space, charged to the VR's cgroup, governed by CPU shares. */
    KVM,
    /** LXC: forwarding in host-kernel SoftIRQ, charged to no container; steered by IRQ affinity and RPS. */
    LXC;

    // computed once: the analyzer writes it for every VR and interface point
    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static VrKind fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("VR kind is missing (expected kvm or lxc)");
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "kvm" -> KVM;
            case "lxc" -> LXC;
            default -> throw new IllegalArgumentException("unknown VR kind '" + value + "' (expected kvm or lxc)");
        };
    }
}
