/* vrgl-sink: counts UDP datagrams received on a port (recvmmsg), as the ground truth for "delivered".
 *
 * usage: vrgl-sink [--netns NS] [--cgroup DIR]... --port P [--stats-ms MS]
 * stdout: "ready", then "stats <mono_ns> <received>" every MS (default 250), "final ..." at the end;
 * stdin EOF or SIGTERM stops it. */
#include "vrgl_common.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#define BATCH 64

static uint64_t received;

static void print_stats(const char *tag) {
    printf("%s %llu %llu\n", tag, (unsigned long long)vrgl_now_ns(), (unsigned long long)received);
    fflush(stdout);
}

int main(int argc, char **argv) {
    int port = 0;
    long stats_ms = 250;
    for (int i = 1; i < argc; i++) {
        if (vrgl_common_option(argc, argv, &i)) continue;
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--stats-ms") == 0 && i + 1 < argc) stats_ms = atol(argv[++i]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 64; }
    }
    if (port <= 0 || port > 65535 || stats_ms <= 0) {
        fprintf(stderr, "usage: vrgl-sink [--netns NS] [--cgroup DIR]... --port P [--stats-ms MS]\n");
        return 64;
    }
    vrgl_install_signals();
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) vrgl_die("socket");
    int rcvbuf = 16 << 20;
    /* a large buffer so the sink itself never becomes the bottleneck being measured */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct timeval tv = {.tv_sec = 0, .tv_usec = 20000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) vrgl_die("bind");
    printf("ready\n");
    fflush(stdout);

    static unsigned char bufs[BATCH][2048];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int k = 0; k < BATCH; k++) {
        iov[k].iov_base = bufs[k];
        iov[k].iov_len = sizeof bufs[k];
        msgs[k].msg_hdr.msg_iov = &iov[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
    }
    uint64_t next_stats = vrgl_now_ns() + (uint64_t)stats_ms * 1000000ull, next_stdin = 0;
    char cmd[256];
    while (!vrgl_stop) {
        int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
        if (n > 0) received += (uint64_t)n;
        uint64_t now = vrgl_now_ns();
        if (now >= next_stdin) {
            next_stdin = now + 10000000ull;
            if (vrgl_poll_stdin(cmd, sizeof cmd) < 0) break;
        }
        if (vrgl_report || now >= next_stats) {
            vrgl_report = 0;
            print_stats("stats");
            while (next_stats <= now) next_stats += (uint64_t)stats_ms * 1000000ull;
        }
    }
    print_stats("final");
    return 0;
}
