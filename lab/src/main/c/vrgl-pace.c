/* vrgl-pace: a paced UDP source. Sends fixed-size datagrams at a target rate in sendmmsg batches, paced against
 * CLOCK_MONOTONIC (the n-th packet is due at start + n/rate, so the rate does not drift with scheduling delays;
 * a backlog longer than 20 ms is dropped rather than sent as a burst). Its counter of packets accepted by the
 * kernel is the ground truth for "offered".
 *
 * usage: vrgl-pace [--netns NS] [--cgroup DIR]... --dst IPV4 --port P --kpps R [--size BYTES] [--batch N]
 *                  [--duration S] [--stats-ms MS]
 * stdin: "rate KPPS" lines change the rate at once; EOF stops. stdout: "stats <mono_ns> <sent> <errors> <kpps>"
 * every MS, "final ..." at the end. */
#include "vrgl_common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define MAX_BATCH 64

static uint64_t sent, errors;
static double kpps;

static void print_stats(const char *tag) {
    printf("%s %llu %llu %llu %.3f\n", tag, (unsigned long long)vrgl_now_ns(), (unsigned long long)sent,
           (unsigned long long)errors, kpps);
    fflush(stdout);
}

int main(int argc, char **argv) {
    const char *dst = NULL;
    int port = 0, size = 64, batch = 16;
    double duration = 0;
    long stats_ms = 1000;
    kpps = -1;
    for (int i = 1; i < argc; i++) {
        if (vrgl_common_option(argc, argv, &i)) continue;
        if (strcmp(argv[i], "--dst") == 0 && i + 1 < argc) dst = argv[++i];
        else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--kpps") == 0 && i + 1 < argc) kpps = atof(argv[++i]);
        else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) size = atoi(argv[++i]);
        else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc) batch = atoi(argv[++i]);
        else if (strcmp(argv[i], "--duration") == 0 && i + 1 < argc) duration = atof(argv[++i]);
        else if (strcmp(argv[i], "--stats-ms") == 0 && i + 1 < argc) stats_ms = atol(argv[++i]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 64; }
    }
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (!dst || inet_pton(AF_INET, dst, &to.sin_addr) != 1 || port <= 0 || port > 65535 || kpps < 0
        || size < 16 || size > 1472 || batch < 1 || batch > MAX_BATCH || stats_ms <= 0) {
        fprintf(stderr, "usage: vrgl-pace [--netns NS] [--cgroup DIR]... --dst IPV4 --port P --kpps R "
                        "[--size 16..1472] [--batch 1..64] [--duration S] [--stats-ms MS]\n");
        return 64;
    }
    vrgl_install_signals();
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) vrgl_die("socket");
    if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0) vrgl_die("connect");

    static unsigned char payload[MAX_BATCH][1472];
    struct mmsghdr msgs[MAX_BATCH];
    struct iovec iov[MAX_BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int k = 0; k < MAX_BATCH; k++) {
        iov[k].iov_base = payload[k];
        iov[k].iov_len = (size_t)size;
        msgs[k].msg_hdr.msg_iov = &iov[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
    }

    uint64_t start = vrgl_now_ns(), epoch = start, epoch_sent = 0;
    uint64_t end = duration > 0 ? start + (uint64_t)(duration * 1e9) : UINT64_MAX;
    uint64_t next_stats = start + (uint64_t)stats_ms * 1000000ull, next_stdin = start;
    uint64_t seq = 0;
    char cmd[256];
    while (!vrgl_stop) {
        uint64_t now = vrgl_now_ns();
        if (now >= end) break;
        if (now >= next_stdin) {
            next_stdin = now + 5000000ull;
            int n = vrgl_poll_stdin(cmd, sizeof cmd);
            if (n < 0) break;
            double r;
            if (n > 0 && sscanf(cmd, "rate %lf", &r) == 1 && r >= 0) {
                kpps = r; epoch = now; epoch_sent = 0;
            }
        }
        if (vrgl_report || now >= next_stats) {
            vrgl_report = 0;
            print_stats("stats");
            while (next_stats <= now) next_stats += (uint64_t)stats_ms * 1000000ull;
        }
        /* packets due since the last rate change, minus those already sent in this epoch */
        double due_f = kpps * 1000.0 * (double)(now - epoch) / 1e9 - (double)epoch_sent;
        if (due_f > kpps * 20.0) { /* more than 20 ms behind: forget the backlog instead of bursting */
            epoch_sent += (uint64_t)(due_f - kpps * 1000.0 * 0.001);
            due_f = kpps * 1000.0 * 0.001;
        }
        /* send in groups of about 100 us worth of packets (1..batch), sleeping until the next group is due */
        double group = kpps * 1000.0 * 100e-6;
        group = group < 1 ? 1 : (group > batch ? batch : group);
        if (kpps <= 0 || due_f < group) {
            double need = due_f < 0 ? 0 : due_f;
            uint64_t wait = kpps > 0 ? (uint64_t)((group - need) * 1e9 / (kpps * 1000.0)) : 5000000ull;
            if (wait > 5000000ull) wait = 5000000ull;
            struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)(wait > 0 ? wait : 1000)};
            nanosleep(&ts, NULL);
            continue;
        }
        int due = due_f >= batch ? batch : (int)due_f;
        for (int k = 0; k < due; k++) {
            uint64_t s = seq++;
            memcpy(payload[k], &s, sizeof s);
            memcpy(payload[k] + 8, &now, sizeof now);
        }
        int n = sendmmsg(fd, msgs, (unsigned)due, 0);
        if (n > 0) { sent += (uint64_t)n; epoch_sent += (uint64_t)n; }
        if (n < due) { errors += (uint64_t)(n < 0 ? due : due - n); epoch_sent += (uint64_t)(n < 0 ? due : due - n); }
    }
    print_stats("final");
    return 0;
}
