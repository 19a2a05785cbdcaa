/* vrgl-relay: the packet path of a KVM router without the guest. Reads IP packets from one tun device and writes
 * them to the other, in both directions, like QEMU's tap backend, doing a configurable amount of busy work per
 * packet. When it cannot keep up, the tun driver's queue toward it fills and the kernel drops further packets,
 * counting them as tx_dropped of the device it reads from, exactly where a real VM's tap counts them.
 *
 * usage: vrgl-relay [--netns NS] [--cgroup DIR]... --a TUN --b TUN [--work N] [--stats-ms MS]
 * stdout: "ready" once both devices exist, then "stats <mono_ns> <a2b> <b2a> <write_errors>" every MS,
 *         and a final "final ..." line on SIGTERM, stdin EOF or exit; SIGUSR1 prints a stats line at once. */
#include "vrgl_common.h"
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#define BATCH 64
#define MTU_BUF 2048

static uint64_t work_sink;

static int open_tun(const char *name) {
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) vrgl_die("/dev/net/tun");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    /* L3 tun without packet info: no ARP and no MAC rewriting needed; same driver queue and drop path as a tap. */
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) vrgl_die(name);
    if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0) vrgl_die("O_NONBLOCK");
    return fd;
}

/* The per-packet cost of the "guest": a dependent multiply-add chain over the packet, N rounds. */
static void busy_work(const unsigned char *pkt, ssize_t len, long rounds) {
    uint64_t h = 1469598103934665603ull;
    for (long r = 0; r < rounds; r++) {
        h = (h ^ pkt[r % len]) * 1099511628211ull;
    }
    work_sink += h;
}

static uint64_t a2b, b2a, werr;

static void print_stats(const char *tag) {
    printf("%s %llu %llu %llu %llu\n", tag, (unsigned long long)vrgl_now_ns(), (unsigned long long)a2b,
           (unsigned long long)b2a, (unsigned long long)werr);
    fflush(stdout);
}

/* Moves up to BATCH packets from one device to the other; returns how many were read. */
static int pump(int from, int to, long rounds, uint64_t *count) {
    static unsigned char buf[MTU_BUF];
    int n = 0;
    for (; n < BATCH; n++) {
        ssize_t len = read(from, buf, sizeof buf);
        if (len <= 0) break;
        busy_work(buf, len, rounds);
        if (write(to, buf, (size_t)len) == len) (*count)++;
        else werr++;
    }
    return n;
}

int main(int argc, char **argv) {
    const char *a = NULL, *b = NULL;
    long rounds = 0, stats_ms = 1000;
    for (int i = 1; i < argc; i++) {
        if (vrgl_common_option(argc, argv, &i)) continue;
        if (strcmp(argv[i], "--a") == 0 && i + 1 < argc) a = argv[++i];
        else if (strcmp(argv[i], "--b") == 0 && i + 1 < argc) b = argv[++i];
        else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc) rounds = atol(argv[++i]);
        else if (strcmp(argv[i], "--stats-ms") == 0 && i + 1 < argc) stats_ms = atol(argv[++i]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 64; }
    }
    if (!a || !b || rounds < 0 || stats_ms <= 0) {
        fprintf(stderr, "usage: vrgl-relay [--netns NS] [--cgroup DIR]... --a TUN --b TUN [--work N] [--stats-ms MS]\n");
        return 64;
    }
    vrgl_install_signals();
    int fa = open_tun(a), fb = open_tun(b);
    printf("ready\n");
    fflush(stdout);
    uint64_t next = vrgl_now_ns() + (uint64_t)stats_ms * 1000000ull;
    char cmd[256];
    struct pollfd fds[3] = {{.fd = fa, .events = POLLIN}, {.fd = fb, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
    while (!vrgl_stop) {
        int ready = poll(fds, 3, 100);
        if (ready < 0 && errno != EINTR) vrgl_die("poll");
        if (fds[2].revents && vrgl_poll_stdin(cmd, sizeof cmd) < 0) break;
        if (fds[0].revents & POLLIN) pump(fa, fb, rounds, &a2b);
        if (fds[1].revents & POLLIN) pump(fb, fa, rounds, &b2a);
        uint64_t now = vrgl_now_ns();
        if (vrgl_report || now >= next) {
            vrgl_report = 0;
            print_stats("stats");
            while (next <= now) next += (uint64_t)stats_ms * 1000000ull;
        }
    }
    print_stats("final");
    return 0;
}
