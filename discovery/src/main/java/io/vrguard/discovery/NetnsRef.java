package io.vrguard.discovery;

/**
 * A network namespace: by iproute2 name (a file under {@code /run/netns}), by the pid of a process inside it,
 * or the host's own ({@link #HOST}).
 */
public record NetnsRef(String name, Integer pid) {
    public static final NetnsRef HOST = new NetnsRef(null, null);

    public static NetnsRef named(String name) {
        return new NetnsRef(name, null);
    }

    public static NetnsRef ofPid(int pid) {
        return new NetnsRef(null, pid);
    }

    public boolean isHost() {
        return name == null && pid == null;
    }
}
