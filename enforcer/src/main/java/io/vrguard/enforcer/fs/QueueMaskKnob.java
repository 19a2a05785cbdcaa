package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.CpuList;
import io.vrguard.enforcer.core.CpuMask;
import io.vrguard.enforcer.core.Knob;
import io.vrguard.enforcer.core.KnobException;
import io.vrguard.protocol.Setting;

/**
 * One queue's {@code rps_cpus} or {@code xps_cpus}. Read as a CPU list; written as a hex mask in exactly the shape
 * (groups, first-group width) the kernel printed, because it refuses extra groups with EOVERFLOW.
 */
final class QueueMaskKnob implements Knob {
    private final QueueFiles files;
    private final String iface;
    private final String queue;
    private final Setting setting;

    QueueMaskKnob(QueueFiles files, String iface, String queue, Setting setting) {
        this.files = files;
        this.iface = iface;
        this.queue = queue;
        this.setting = setting;
    }

    private String file() {
        return setting == Setting.RPS_CPUS ? "rps_cpus" : "xps_cpus";
    }

    @Override
    public String target() {
        return iface + "/" + queue + "/" + file();
    }

    @Override
    public Setting nativeSetting() {
        return setting;
    }

    @Override
    public String method() {
        return files.method();
    }

    @Override
    public String read() throws KnobException {
        return CpuList.format(CpuMask.parse(readRaw()));
    }

    @Override
    public void write(String canonical) throws KnobException {
        files.write(iface, queue, file(), mask(canonical));
    }

    /** The mask the write would send, in the shape the kernel prints now, and one the helper may pass on. */
    @Override
    public void validate(String canonical) throws KnobException {
        QueueFiles.checkMask(mask(canonical));
    }

    private String mask(String canonical) throws KnobException {
        CpuMask.Shape shape = CpuMask.shape(readRaw());
        try {
            return CpuMask.format(CpuList.parse(canonical), shape);
        } catch (IllegalArgumentException e) {
            throw new KnobException(target() + ": " + e.getMessage(), e);
        }
    }

    private String readRaw() throws KnobException {
        String raw = files.read(iface, queue, file());
        try {
            CpuMask.shape(raw);
        } catch (IllegalArgumentException e) {
            throw new KnobException(target() + " holds '" + raw + "', not a CPU mask", e);
        }
        return raw;
    }
}
