/* run_dir.c - the run folder is written under a temporary name and renamed
 * when complete, so a finished-looking folder is never partial. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/scan_internal.h"

static int exists(const char *path) {
    struct stat s;
    return stat(path, &s) == 0;
}

/* mkdir -p of the parent folders of path. */
static int make_parents(const char *path) {
    char buf[CEVNS_PATH_MAX];
    char *p;
    snprintf(buf, sizeof buf, "%s", path);
    for (p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            *p = '/';
        }
    return 0;
}

/* Remove a folder and the plain files in it (run folders have no subfolders). */
static void remove_flat_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[CEVNS_PATH_MAX + 256];
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

cevns_status cevns_run_dir_prepare(const char *final_dir, const char *work_dir, int overwrite, int resume, int create,
                                   cevns_error *err) {
    if (!create) return CEVNS_OK; /* only rank 0 checks and creates; the ranks agree afterwards */
    if (resume) {
        if (!exists(work_dir))
            return cevns_error_set(err, CEVNS_EIO, "%s: nothing to resume (no unfinished run folder %s)", final_dir,
                                   work_dir);
        return CEVNS_OK;
    }
    if (exists(work_dir))
        return cevns_error_set(err, CEVNS_EIO,
                               "%s: an unfinished run of this folder exists; continue it with `cevns scan --resume %s` "
                               "or remove %s",
                               work_dir, final_dir, work_dir);
    if (exists(final_dir) && !overwrite)
        return cevns_error_set(err, CEVNS_EIO,
                               "%s: output folder exists; use --overwrite (or output.overwrite) or another --out",
                               final_dir);
    if (make_parents(final_dir) != 0)
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot create its parent folder: %s", final_dir, strerror(errno));
    if (mkdir(work_dir, 0777) != 0)
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot create the work folder: %s", work_dir, strerror(errno));
    return CEVNS_OK;
}

cevns_status cevns_run_dir_commit(const char *tmp_dir, const char *final_dir, cevns_error *err) {
    char old[CEVNS_PATH_MAX + 32];
    int had_old = exists(final_dir);
    snprintf(old, sizeof old, "%s.old-%ld", final_dir, (long)getpid());
    if (had_old && rename(final_dir, old) != 0)
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot replace the existing folder: %s", final_dir,
                               strerror(errno));
    if (rename(tmp_dir, final_dir) != 0) {
        int e = errno;
        if (had_old) rename(old, final_dir);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot rename %s into place: %s", final_dir, tmp_dir, strerror(e));
    }
    if (had_old) remove_flat_dir(old);
    return CEVNS_OK;
}

void cevns_run_dir_discard(const char *tmp_dir) { remove_flat_dir(tmp_dir); }
