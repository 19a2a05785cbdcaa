package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.SampleBuilder;
import io.vrguard.collector.fs.HostReader;
import io.vrguard.protocol.VrSample;
import io.vrguard.testkit.KernelObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cgroup this test creates shows the CPU its busy process used, as the kernel accounts it for that process. */
class CgroupCpuIT {
    private static final long CLK_TCK = 100;

    @TempDir
    Path dir;

    @Test
    void cgroupCpuMatchesTheBusyProcessOwnAccounting() throws Exception {
        try (KernelObjects k = new KernelObjects(Harness.PREFIX)) {
            Path cpu = k.cgroupV1("cpu", "vrgc-busy");
            Path cpuacct = k.cgroupV1("cpuacct", "vrgc-busy");
            Files.writeString(cpu.resolve("cpu.shares"), "512");
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "50000");
            Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
            try {
                Files.writeString(cpu.resolve("cgroup.procs"), Long.toString(busy.pid()));
                Files.writeString(cpuacct.resolve("cgroup.procs"), Long.toString(busy.pid()));
                HostReader reader = Harness.reader(Harness.inventory(dir, """
                        routers:
                          - {name: vrgc-busy, kind: kvm, cgroup: vrgc-busy}
                        """));
                Thread.sleep(500);
                long ticks0 = ticks(busy.pid());
                HostReading r1 = reader.read();
                Thread.sleep(3000);
                HostReading r2 = reader.read();
                long ticks1 = ticks(busy.pid());
                VrSample v = SampleBuilder.build("h", 1, Instant.now(), 3000, r1, r2).routers().get(0);

                double seconds = (r2.monoNanos() - r1.monoNanos()) / 1e9;
                double processPercent = 100.0 * (ticks1 - ticks0) / CLK_TCK / seconds;
                System.out.printf("busy process %.1f%% of a CPU by /proc/PID/stat, collector cgroup %.1f%% "
                        + "(user %.1f, system %.1f), throttled %.1f periods/s%n", processPercent, v.cpuPercent(),
                        v.cpuUserPercent(), v.cpuSystemPercent(), v.throttledPeriodsPerSec());
                // the busy loop must have run for the comparison to mean something; on a shared CI machine under
                // heavy load (load average 30+) it got only 16% of a CPU, so the bar is 5%, not 20%
                assertThat(processPercent).isGreaterThan(5);
                assertThat(v.cpuPercent()).isCloseTo(processPercent, within(3.0));
                assertThat(v.cpuPercent()).isLessThanOrEqualTo(55.0); // quota 50 ms per 100 ms
                assertThat(v.cpuShares()).isEqualTo(512L);
                assertThat(v.quotaUs()).isEqualTo(50_000L);
                assertThat(v.periodUs()).isEqualTo(100_000L);
                assertThat(v.throttledPeriodsPerSec()).isNotNull(); // > 0 only when the host leaves it > 50%

                // an enforcer's change shows in the next sample, not at the next discovery refresh (1000 reads here)
                Files.writeString(cpu.resolve("cpu.shares"), "2048");
                Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "-1");
                VrSample after = SampleBuilder.build("h", 2, Instant.now(), 100, r2, reader.read()).routers().get(0);
                assertThat(after.cpuShares()).isEqualTo(2048L);
                assertThat(after.quotaUs()).isNull();
            } finally {
                KernelObjects.stop(busy);
            }
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15, counted after the last ')'). */
    private static long ticks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
