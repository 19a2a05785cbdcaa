package io.vrguard.discovery;

/**
 * One interface of a VR and how to read it.
 *
 * @param netns   the namespace the device lives in (the host's for a tap or a host-side veth)
 * @param swapped true when the device's rx is the VR's tx: host-side taps and veths (libvirt and lxc-info swap
 *                them too); false for macvtap and for devices inside the VR's own namespace
 */
public record VrInterface(String name, NetnsRef netns, boolean swapped) {
}
