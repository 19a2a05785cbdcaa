/* Shared by the lab's native helpers: option parsing, joining cgroups and a netns, clocks, stdin watch.
 * Every helper exits when its stdin reaches EOF, so a helper never outlives the lab JVM that started it. */
#ifndef VRGL_COMMON_H
#define VRGL_COMMON_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define VRGL_MAX_CGROUPS 8

static inline uint64_t vrgl_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void vrgl_die(const char *what) {
    fprintf(stderr, "error: %s: %s\n", what, strerror(errno));
    fflush(stderr);
    exit(2);
}

/* Moves this process into a cgroup directory before any packet work, so its CPU time is charged there. */
static void vrgl_join_cgroup(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    FILE *f = fopen(path, "w");
    if (!f) vrgl_die(path);
    if (fprintf(f, "%d\n", getpid()) < 0 || fclose(f) != 0) vrgl_die(path);
}

/* Enters an iproute2-named network namespace (/run/netns/NAME). */
static void vrgl_enter_netns(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "/run/netns/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) vrgl_die(path);
    if (setns(fd, CLONE_NEWNET) != 0) vrgl_die("setns");
    close(fd);
}

/* Handles --netns NAME and --cgroup DIR (repeatable); returns 1 when argv[*i] was one of them. */
static int vrgl_common_option(int argc, char **argv, int *i) {
    if (strcmp(argv[*i], "--netns") == 0 && *i + 1 < argc) {
        vrgl_enter_netns(argv[++*i]);
        return 1;
    }
    if (strcmp(argv[*i], "--cgroup") == 0 && *i + 1 < argc) {
        vrgl_join_cgroup(argv[++*i]);
        return 1;
    }
    return 0;
}

/* Reads pending stdin without blocking. Returns -1 at EOF (the lab is gone), else the bytes read into buf. */
static int vrgl_poll_stdin(char *buf, size_t cap) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0) return 0;
    if (p.revents & (POLLIN | POLLHUP)) {
        ssize_t n = read(0, buf, cap - 1);
        if (n <= 0) return -1;
        buf[n] = 0;
        return (int)n;
    }
    return 0;
}

static volatile sig_atomic_t vrgl_stop = 0;
static volatile sig_atomic_t vrgl_report = 0;
static void vrgl_on_stop(int sig) { (void)sig; vrgl_stop = 1; }
static void vrgl_on_report(int sig) { (void)sig; vrgl_report = 1; }

static void vrgl_install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = vrgl_on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = vrgl_on_report;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}
#endif
