/*
 * The kernel-read floor of one collector sample: the reads the collector makes per sample in steady state, in C,
 * with nothing else (no parsing, no JSON, no Kafka, no discovery refresh). Its CPU per sample is a lower bound for
 * any collector that reports the same per-VR figures, whatever its language.
 *
 * readfloor INTERVAL_MS SAMPLES SETTINGS_EVERY PROC_PIDS_FILE CGROUP_DIRS_FILE
 *   per sample: /proc/softirqs, /proc/net/softnet_stat, /proc/stat and each pid's /proc/PID/net/dev opened, read
 *   and closed (an open /proc/PID/net/dev would pin the network namespace); each cgroup v1 group's (a path under
 *   the cpu and cpuacct hierarchies) cpuacct.usage and cpuacct.stat, and every SETTINGS_EVERY samples its
 *   cpu.shares, cpu.cfs_quota_us and cpu.cfs_period_us, kept open and re-read at offset 0, as the collector does.
 *   Prints user and system CPU ms per sample (getrusage).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX 1024
static char buf[1 << 16];

static void read_whole(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    while (read(fd, buf, sizeof buf) == (ssize_t) sizeof buf) {
    }
    close(fd);
}

static int lines(const char *file, char out[][256]) {
    FILE *f = fopen(file, "r");
    int n = 0;
    if (!f) { perror(file); exit(2); }
    while (n < MAX && fgets(out[n], 256, f)) { out[n][strcspn(out[n], "\n")] = 0; if (out[n][0]) n++; }
    fclose(f);
    return n;
}

static int open_in(const char *dir, const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return open(path, O_RDONLY);
}

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: readfloor INTERVAL_MS SAMPLES SETTINGS_EVERY PIDS CGROUPS\n"); return 2; }
    long interval = atol(argv[1]), samples = atol(argv[2]), settings_every = atol(argv[3]);
    static char pids[MAX][256], groups[MAX][256], netdev[MAX][300];
    int np = lines(argv[4], pids), ng = lines(argv[5], groups);
    static int usage[MAX], stat[MAX], setting[MAX][3];
    const char *names[] = {"cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us"};
    for (int i = 0; i < np; i++) snprintf(netdev[i], sizeof netdev[i], "/proc/%s/net/dev", pids[i]);
    for (int g = 0; g < ng; g++) {
        char acct[300];
        snprintf(acct, sizeof acct, "/sys/fs/cgroup/cpuacct/%s", groups[g]);
        usage[g] = open_in(acct, "cpuacct.usage");
        stat[g] = open_in(acct, "cpuacct.stat");
        snprintf(acct, sizeof acct, "/sys/fs/cgroup/cpu/%s", groups[g]);
        for (int k = 0; k < 3; k++) setting[g][k] = open_in(acct, names[k]);
    }
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long s = 0; s < samples; s++) {
        next.tv_nsec += interval * 1000000L;
        while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        read_whole("/proc/softirqs");
        read_whole("/proc/net/softnet_stat");
        read_whole("/proc/stat");
        for (int i = 0; i < np; i++) read_whole(netdev[i]);
        for (int g = 0; g < ng; g++) {
            pread(usage[g], buf, sizeof buf, 0);
            pread(stat[g], buf, sizeof buf, 0);
            if (s % settings_every == 0) {
                for (int k = 0; k < 3; k++) pread(setting[g][k], buf, sizeof buf, 0);
            }
        }
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%.3f %.3f\n", (ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3) / samples,
           (ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3) / samples);
    return 0;
}
