/* memory.c - how much memory this process can still allocate (memory.h). */
#include "util/memory.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* One number (bytes) from a small file such as memory.max; < 0 when absent or "max". */
static double read_bytes(const char *path) {
    FILE *f = fopen(path, "r");
    unsigned long long v;
    int ok;
    if (!f) return -1.0;
    ok = fscanf(f, "%llu", &v) == 1;
    fclose(f);
    return ok ? (double)v : -1.0;
}

/* The smaller of room and max - cur (a limit max of which cur is used); room or
 * max < 0: none known. */
static double tighter(double room, double max, double cur) {
    double left;
    if (max < 0.0) return room;
    left = max - (cur > 0.0 ? cur : 0.0);
    return room < 0.0 || left < room ? left : room;
}

/* The tightest limit a cgroup v2 (and its parents) puts on this process, less
 * what the cgroup uses; < 0 when there is none.  Batch systems (Slurm) and
 * containers kill a job that goes beyond it. */
static double cgroup_room(void) {
    char line[1024], dir[1200], file[1300];
    double room = -1.0;
    FILE *f = fopen("/proc/self/cgroup", "r");
    dir[0] = '\0';
    if (f) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "0::", 3) == 0) {
                line[strcspn(line, "\n")] = '\0';
                snprintf(dir, sizeof dir, "/sys/fs/cgroup%s", line + 3);
            }
        fclose(f);
    }
    if (!dir[0]) snprintf(dir, sizeof dir, "/sys/fs/cgroup");
    for (;;) {
        double max, cur;
        char *slash;
        snprintf(file, sizeof file, "%s/memory.max", dir);
        max = read_bytes(file);
        snprintf(file, sizeof file, "%s/memory.current", dir);
        cur = read_bytes(file);
        room = tighter(room, max, cur);
        slash = strrchr(dir, '/');
        if (!slash || strcmp(dir, "/sys/fs/cgroup") == 0) break;
        *slash = '\0';
    }
    {   /* cgroup v1 */
        double max = read_bytes("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
               cur = read_bytes("/sys/fs/cgroup/memory/memory.usage_in_bytes");
        if (max < 4.0e18) room = tighter(room, max, cur); /* v1 writes "no limit" as ~2^63 */
    }
    return room;
}

double cevns_memory_available(const char **what) {
    double best = -1.0, page = (double)sysconf(_SC_PAGESIZE), vm = 0.0, data = 0.0, v;
    unsigned long long size = 0, rss, shared, text, lib, dat = 0;
    struct rlimit rl;
    FILE *f = fopen("/proc/self/statm", "r");
    *what = "unknown";
    if (f) {
        if (fscanf(f, "%llu %llu %llu %llu %llu %llu", &size, &rss, &shared, &text, &lib, &dat) == 6) {
            vm = (double)size * page;
            data = (double)dat * page;
        }
        fclose(f);
    }
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        best = (double)rl.rlim_cur - vm;
        *what = "the address-space limit, ulimit -v";
    }
    if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (best < 0.0 || (double)rl.rlim_cur - data < best)) {
        best = (double)rl.rlim_cur - data;
        *what = "the data-segment limit, ulimit -d";
    }
    if ((v = cgroup_room()) >= 0.0 && (best < 0.0 || v < best)) {
        best = v;
        *what = "the memory limit of this job's cgroup";
    }
    if ((f = fopen("/proc/meminfo", "r")) != NULL) {
        char line[256];
        double avail = -1.0, swap = 0.0, kb;
        while (fgets(line, sizeof line, f)) {
            if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1) avail = kb * 1024.0;
            else if (sscanf(line, "SwapFree: %lf kB", &kb) == 1) swap = kb * 1024.0;
        }
        fclose(f);
        if (avail >= 0.0 && (best < 0.0 || avail + swap < best)) {
            best = avail + swap;
            *what = "MemAvailable + SwapFree in /proc/meminfo";
        }
    }
    return best;
}
