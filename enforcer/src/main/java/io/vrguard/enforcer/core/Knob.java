package io.vrguard.enforcer.core;

import io.vrguard.protocol.Setting;

/**
 * One kernel value of one VR that the enforcer may change, located by discovery (never by command text).
 * Values cross this port in canonical form: decimal for shares/weight, {@code "QUOTA PERIOD"} or
 * {@code "max PERIOD"} for quota, a CPU list ({@link CpuList}) for affinity and queue masks.
 */
public interface Knob {
    /** Names the value within its VR, e.g. {@code cpu.shares}, {@code veth0/rx-0/rps_cpus}, {@code eth1/irq 37}. */
    String target();

    /** The unit this knob holds; a request in another unit (shares vs weight) is converted first. */
    Setting nativeSetting();

    /** How writes are done: {@code cgroupfs}, {@code virsh}, {@code systemd-dbus}, {@code procfs}, {@code sysfs}. */
    String method();

    String read() throws KnobException;

    void write(String canonical) throws KnobException;

    /**
     * Refuses, before anything of the command is written, a canonical value this knob could not write (e.g. a mask
     * the kernel's printed shape cannot hold).
     */
    default void validate(String canonical) throws KnobException {
        // most knobs take any value that passed ChangeCheck
    }

    /**
     * Makes sure the kernel will take a write here without changing the value, e.g. writes an IRQ's affinity back
     * unchanged (the kernel answers EIO for one it will not move). Called in enforce mode only, for every knob a
     * command is about to change, before its first write.
     */
    default void probe() throws KnobException {
        // most knobs cannot be refused by the kernel for who owns them
    }

    /**
     * What the kernel actually uses where it may differ from the value set, in the same canonical form: an IRQ's
     * {@code effective_affinity_list} (x86 programs one CPU of the allowed ones). Null when the knob has no such
     * value or the kernel does not say.
     */
    default String effective() {
        return null;
    }

    /** Extra facts after a write, e.g. the IRQ's effective affinity; null when there are none. */
    default String afterWriteDetail() {
        return null;
    }
}
