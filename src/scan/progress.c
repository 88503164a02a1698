/* progress.c - a progress bar on stderr, drawn only when stderr is a terminal. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "scan/scan_internal.h"

double cevns_now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void draw(const cevns_progress *p, size_t done, double now) {
    int width = 40, filled = p->total ? (int)((double)width * (double)done / (double)p->total) : width, i;
    fputs("\r[", stderr);
    for (i = 0; i < width; i++) fputc(i < filled ? '#' : '.', stderr);
    fprintf(stderr, "] %3.0f%% %zu/%zu points %.1f s", p->total ? 100.0 * (double)done / (double)p->total : 100.0,
            done, p->total, now - p->started);
    fflush(stderr);
}

void cevns_progress_start(cevns_progress *p, size_t total, int enabled) {
    p->enabled = enabled && isatty(STDERR_FILENO);
    p->total = total;
    p->started = p->last_drawn = cevns_now_seconds();
}

void cevns_progress_update(cevns_progress *p, size_t done) {
    double now;
    if (!p->enabled) return;
    now = cevns_now_seconds();
    if (now - p->last_drawn < 0.1 && done < p->total) return;
    p->last_drawn = now;
    draw(p, done, now);
}

void cevns_progress_finish(cevns_progress *p) {
    if (!p->enabled) return;
    draw(p, p->total, cevns_now_seconds());
    fputc('\n', stderr);
}
