/* test_fuzz_regressions.c - every input the libFuzzer harnesses ever found
 * (fuzz/regressions/<name>/: crashes, hangs, leaks, wrong answers) and every
 * seed of their corpora (fuzz/corpus/<name>/) replayed through the same harness
 * code (fuzz/fuzz_<name>.c, included here without libFuzzer's entry point), so
 * the normal build checks them with gcc, no clang needed.  Each input must give
 * a status of status.h without crashing, and the harness's own checks (statuses
 * with a message, no internal errors, write/parse round trip of accepted configs,
 * finite counts, checkpoints reloadable) must hold; the seeds must include at
 * least one input each reader accepts, so the harnesses reach their success path.
 * Run the sanitizer build of the suite to have these files checked for memory
 * errors and leaks too. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CEVNS_FUZZ_NO_MAIN
#include "../fuzz/fuzz_checkpoint.c"
#include "../fuzz/fuzz_config.c"
#include "../fuzz/fuzz_data.c"
#include "../fuzz/fuzz_efficiency.c"
#include "../fuzz/fuzz_flux.c"
#include "../fuzz/fuzz_isotopes.c"
#include "../fuzz/fuzz_quenching.c"
#include "../fuzz/fuzz_table.c"

typedef cevns_status (*fuzz_harness)(const uint8_t *data, size_t size);

typedef struct {
    size_t files, accepted;
} replay_count;

/* The whole file (never NULL, also when empty); *size its length. */
static uint8_t *read_all(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;
    cr_assert_not_null(f, "cannot open %s", path);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    cr_assert(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n, "short read of %s", path);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Feed every plain file of dir (absent: none) to the harness. */
static replay_count replay_dir(const char *dir, fuzz_harness run) {
    replay_count c = {0, 0};
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) return c;
    while ((e = readdir(d)) != NULL) {
        char path[2048];
        struct stat sb;
        size_t size;
        uint8_t *data;
        cevns_status st;
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        data = read_all(path, &size);
        st = run(data, size);
        cr_expect((int)st >= 0 && (int)st < (int)CEVNS_STATUS_COUNT, "%s: status %d", path, (int)st);
        cr_log_info("%s: %s", path, cevns_strerror(st));
        c.files++;
        if (st == CEVNS_OK) c.accepted++;
        free(data);
    }
    closedir(d);
    return c;
}

static void replay(const char *name, fuzz_harness run) {
    char dir[1024];
    replay_count seeds, found;
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", CEVNS_SOURCE_DIR, name);
    seeds = replay_dir(dir, run);
    cr_expect(seeds.files > 0, "%s: no seed corpus", dir);
    cr_expect(seeds.accepted > 0, "%s: no seed is accepted (%zu files): the harness never reaches its success path",
              dir, seeds.files);
    snprintf(dir, sizeof dir, "%s/fuzz/regressions/%s", CEVNS_SOURCE_DIR, name);
    found = replay_dir(dir, run);
    cr_log_info("%s: %zu seeds (%zu accepted), %zu regression inputs", name, seeds.files, seeds.accepted, found.files);
}

/* The harnesses' empty input: every reader must refuse it cleanly. */
static void empty_input(fuzz_harness run) {
    static const uint8_t nothing[1] = {0};
    cevns_status st = run(nothing, 0);
    cr_expect(st != CEVNS_OK, "an empty file was accepted");
}

Test(fuzz_regressions, config) {
    replay("config", fuzz_config);
    empty_input(fuzz_config);
}
Test(fuzz_regressions, table) {
    replay("table", fuzz_table);
    empty_input(fuzz_table);
}
Test(fuzz_regressions, flux) {
    replay("flux", fuzz_flux);
    empty_input(fuzz_flux);
}
Test(fuzz_regressions, quenching) {
    replay("quenching", fuzz_quenching);
    empty_input(fuzz_quenching);
}
Test(fuzz_regressions, efficiency) {
    replay("efficiency", fuzz_efficiency);
    empty_input(fuzz_efficiency);
}
Test(fuzz_regressions, data) {
    replay("data", fuzz_data);
    empty_input(fuzz_data);
}
Test(fuzz_regressions, isotopes) {
    replay("isotopes", fuzz_isotopes);
    empty_input(fuzz_isotopes);
}
Test(fuzz_regressions, checkpoint) {
    replay("checkpoint", fuzz_checkpoint);
    empty_input(fuzz_checkpoint);
}
