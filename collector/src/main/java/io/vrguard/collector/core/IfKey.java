package io.vrguard.collector.core;

/**
 * What identifies one incarnation of a device: its namespace's inode, its ifindex (0 when unknown) and its name.
 * A change of any part means the device was re-created, so counters restarted.
 */
public record IfKey(long netnsInode, int ifindex, String name) {
}
