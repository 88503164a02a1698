/* checkpoint.c - finished chunks of a scan on disk, one append-only file per
 * rank: <dir>/checkpoint-<rank>.bin (format in docs/scan.md, "Checkpoint and
 * resume").  Every integer is little-endian; doubles are stored as the
 * little-endian bytes of their IEEE-754 bit pattern, so values come back bit
 * for bit.
 *
 *   header: "CEVNSCK1" | u32 format version | u32 0 | u64 identity length |
 *           identity bytes | u64 n_chunks | u64 chunk_values | u64 FNV-1a of
 *           everything before it
 *   record: u64 chunk index | chunk_values x f64 | u64 FNV-1a of index+values
 *
 * The header is written to checkpoint-<rank>.bin.tmp, fsync'ed and renamed, so
 * a checkpoint file always starts with a whole header.  Each record is one
 * write() followed by fsync(): a crash leaves at most one torn record at the
 * end, which loading ignores and reopening truncates away.  The writer holds a
 * POSIX lock on its file, so the same run resumed twice at once is refused. */
#include "scan/checkpoint.h"
#include "util/file_io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CK_MAGIC "CEVNSCK1"
#define CK_MAGIC_LEN 8
#define CK_FORMAT 1u
/* Identities are a version line plus a resolved config: far below this. */
#define CK_MAX_IDENTITY (64u << 20)
#define CK_PATH 4096

struct cevns_checkpoint {
    int fd;
    size_t chunk_values, n_chunks;
    unsigned char *buf; /* one encoded record */
    char path[CK_PATH];
};

/* ---------------------------------------------------------------- encoding */

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}
#define FNV_OFFSET UINT64_C(14695981039346656037)

static void put_u64(unsigned char *p, uint64_t v) {
    int i;
    for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p) {
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static void put_u32(unsigned char *p, uint32_t v) {
    int i;
    for (i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t record_size(size_t chunk_values) { return 16 + 8 * chunk_values; }

/* Fixed part of the header before the identity, and after it. */
#define HEAD_PRE (CK_MAGIC_LEN + 4 + 4 + 8)
#define HEAD_POST (8 + 8 + 8)

static size_t header_size(size_t identity_len) { return HEAD_PRE + identity_len + HEAD_POST; }

static unsigned char *encode_header(const char *identity, size_t n_chunks, size_t chunk_values, size_t *size) {
    size_t len = strlen(identity), n = header_size(len);
    unsigned char *h = malloc(n), *p = h;
    if (!h) return NULL;
    memcpy(p, CK_MAGIC, CK_MAGIC_LEN);
    put_u32(p + 8, CK_FORMAT);
    put_u32(p + 12, 0);
    put_u64(p + 16, (uint64_t)len);
    memcpy(p + HEAD_PRE, identity, len);
    p += HEAD_PRE + len;
    put_u64(p, (uint64_t)n_chunks);
    put_u64(p + 8, (uint64_t)chunk_values);
    put_u64(p + 16, fnv1a(FNV_OFFSET, h, n - 8));
    *size = n;
    return h;
}

static void encode_record(unsigned char *buf, size_t chunk, const double *values, size_t chunk_values) {
    size_t i, n = record_size(chunk_values);
    put_u64(buf, (uint64_t)chunk);
    for (i = 0; i < chunk_values; i++) {
        uint64_t bits;
        memcpy(&bits, &values[i], sizeof bits);
        put_u64(buf + 8 + 8 * i, bits);
    }
    put_u64(buf + n - 8, fnv1a(FNV_OFFSET, buf, n - 8));
}

/* 1 when the record is intact (its chunk index in *chunk), else 0. */
static int record_intact(const unsigned char *buf, size_t chunk_values, uint64_t *chunk) {
    size_t n = record_size(chunk_values);
    *chunk = get_u64(buf);
    return get_u64(buf + n - 8) == fnv1a(FNV_OFFSET, buf, n - 8);
}

static void decode_values(const unsigned char *buf, size_t chunk_values, double *values) {
    size_t i;
    for (i = 0; i < chunk_values; i++) {
        uint64_t bits = get_u64(buf + 8 + 8 * i);
        memcpy(&values[i], &bits, sizeof bits);
    }
}

/* ---------------------------------------------------------------- files */

/* fsync a folder so that a new or renamed entry in it survives a crash. */
static void sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Length of the line at s (up to the newline, the end, or max bytes). */
static int line_len(const char *s, size_t avail, int max) {
    int n = 0;
    while ((size_t)n < avail && s[n] && s[n] != '\n' && n < max) n++;
    return n;
}

/* Why a stored identity differs from this run's, for the error message.  The identity
 * is "cevns VERSION\nmap N chunk C values V\nevaluated by ENGINE PATH\n<resolved config>"
 * (src/scan/run.c). */
static void describe_difference(const char *have, size_t have_len, const char *want, char *out, size_t size) {
    size_t want_len = strlen(want), i = 0, start = 0, line = 1;
    int hn, wn;
    while (i < have_len && i < want_len && have[i] == want[i]) {
        if (have[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    while (start < i && (have[start] == ' ' || have[start] == '\t')) start++; /* indentation */
    hn = line_len(have + start, have_len - start, 100);
    wn = line_len(want + start, want_len - start, 100);
    if (line == 1)
        snprintf(out, size, "it was written by another cevns version (\"%.*s\"; this is \"%.*s\")", hn,
                 have + start, wn, want + start);
    else if (line == 2)
        snprintf(out, size, "the grid or its chunking differs (\"%.*s\"; this run has \"%.*s\")", hn, have + start, wn,
                 want + start);
    else if (line == 3)
        snprintf(out, size, "it was computed with another engine or path (\"%.*s\"; this run is \"%.*s\")", hn,
                 have + start, wn, want + start);
    else
        snprintf(out, size,
                 "the resolved config differs at its line %zu (\"%.*s\" in the checkpoint, \"%.*s\" now)", line - 3,
                 hn, have + start, wn, want + start);
}

/* Read and check the header of an open checkpoint file.  On return the file
 * position is just after the header and *hsize its size. */
static cevns_status read_header(int fd, const char *dir, const char *path, const char *identity, size_t n_chunks,
                                size_t chunk_values, size_t *hsize, cevns_error *err) {
    unsigned char pre[HEAD_PRE], post[HEAD_POST];
    char *id = NULL;
    uint64_t len, h;
    size_t want_len = strlen(identity);
    cevns_status st = CEVNS_OK;
    char why[400];
    if (cevns_read_full(fd, pre, sizeof pre) != 0 || memcmp(pre, CK_MAGIC, CK_MAGIC_LEN) != 0)
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: not a cevns checkpoint (bad or truncated header); remove it to recompute its "
                               "chunks",
                               path);
    if (get_u32(pre + 8) != CK_FORMAT)
        /* the format is read before the header checksum (another format may
         * lay the header out differently), so a flipped byte here cannot be
         * told from a file of another version: name both */
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: checkpoint format %u, this cevns reads format %u: the file is damaged or was "
                               "written by another cevns version; remove it to recompute its chunks",
                               path, (unsigned)get_u32(pre + 8), CK_FORMAT);
    len = get_u64(pre + 16);
    if (len > CK_MAX_IDENTITY || (id = malloc((size_t)len + 1)) == NULL)
        return cevns_error_set(err, CEVNS_EDATA,
                               "%s: corrupt checkpoint header (identity of %llu bytes); remove it to recompute its "
                               "chunks",
                               path, (unsigned long long)len);
    if (cevns_read_full(fd, id, (size_t)len) != 0 || cevns_read_full(fd, post, sizeof post) != 0) {
        free(id);
        return cevns_error_set(err, CEVNS_EDATA, "%s: truncated checkpoint header; remove it to recompute its chunks",
                               path);
    }
    h = fnv1a(FNV_OFFSET, pre, sizeof pre);
    h = fnv1a(h, (const unsigned char *)id, (size_t)len);
    h = fnv1a(h, post, 16);
    id[len] = '\0';
    if (h != get_u64(post + 16))
        st = cevns_error_set(err, CEVNS_EDATA,
                             "%s: corrupt checkpoint header (checksum mismatch); remove it to recompute its chunks",
                             path);
    else if ((size_t)len != want_len || memcmp(id, identity, want_len) != 0) {
        describe_difference(id, (size_t)len, identity, why, sizeof why);
        st = cevns_error_set(err, CEVNS_ECONFIG,
                             "%s: this checkpoint belongs to another config or cevns version: %s. Resume with "
                             "%s/config.json as the run wrote it and the same cevns, or remove %s to start again",
                             path, why, dir, dir);
    } else if (get_u64(post) != (uint64_t)n_chunks || get_u64(post + 8) != (uint64_t)chunk_values)
        st = cevns_error_set(err, CEVNS_ECONFIG,
                             "%s: this checkpoint belongs to another grid: %llu chunks of %llu values, this run has "
                             "%zu of %zu",
                             path, (unsigned long long)get_u64(post), (unsigned long long)get_u64(post + 8), n_chunks,
                             chunk_values);
    free(id);
    *hsize = header_size((size_t)len);
    return st;
}

static int rank_path(char *buf, size_t size, const char *dir, const char *stem, int rank, const char *suffix) {
    int n = snprintf(buf, size, "%s/%s-%d.bin%s", dir, stem, rank, suffix);
    return n < 0 || (size_t)n >= size;
}

/* Create the file with its header: written to .tmp, synced, renamed. */
static cevns_status create_file(const char *dir, const char *stem, const char *path, const char *identity,
                                size_t n_chunks, size_t chunk_values, int rank, cevns_error *err) {
    char tmp[CK_PATH];
    size_t n;
    unsigned char *h = encode_header(identity, n_chunks, chunk_values, &n);
    int fd, bad;
    if (!h) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint header");
    rank_path(tmp, sizeof tmp, dir, stem, rank, ".tmp");
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        free(h);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    }
    bad = cevns_write_full(fd, h, n) != 0 || fsync(fd) != 0;
    free(h);
    if (close(fd) != 0) bad = 1;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot write the checkpoint header: %s", path, strerror(e));
    }
    sync_dir(dir);
    return CEVNS_OK;
}

/* One writer per file: a second process resuming the same run (a job started
 * again while the first still runs) is refused instead of racing it.  Where
 * the file system has no locks, go on without. */
static cevns_status lock_file(int fd, const char *path, const char *dir, cevns_error *err) {
    struct flock l;
    memset(&l, 0, sizeof l);
    l.l_type = F_WRLCK;
    l.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &l) == 0 || (errno != EACCES && errno != EAGAIN)) return CEVNS_OK;
    return cevns_error_set(err, CEVNS_EIO,
                           "%s: another cevns process is writing this checkpoint (the same run started twice?); "
                           "let it finish, or stop it and resume %s again",
                           path, dir);
}

cevns_status cevns_checkpoint_open(const char *dir, int rank, const char *identity, size_t n_chunks,
                                   size_t chunk_values, cevns_checkpoint **out, cevns_error *err) {
    return cevns_checkpoint_open_named(dir, CEVNS_CHECKPOINT_STEM, rank, identity, n_chunks, chunk_values, out, err);
}

cevns_status cevns_checkpoint_open_named(const char *dir, const char *stem, int rank, const char *identity,
                                         size_t n_chunks, size_t chunk_values, cevns_checkpoint **out,
                                         cevns_error *err) {
    cevns_checkpoint *c;
    cevns_status st = CEVNS_OK;
    struct stat sb;
    size_t hsize = 0;
    *out = NULL;
    if (!dir || !identity || rank < 0 || chunk_values == 0 || chunk_values > (SIZE_MAX - 16) / 8)
        return cevns_error_set(err, CEVNS_EINTERNAL, "checkpoint: bad arguments");
    c = calloc(1, sizeof *c);
    if (!c) return cevns_error_set(err, CEVNS_ENOMEM, "out of memory for the checkpoint");
    c->fd = -1;
    c->n_chunks = n_chunks;
    c->chunk_values = chunk_values;
    if (rank_path(c->path, sizeof c->path, dir, stem, rank, ""))
        st = cevns_error_set(err, CEVNS_EIO, "%s: path too long", dir);
    if (st == CEVNS_OK && (c->buf = malloc(record_size(chunk_values))) == NULL)
        st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for a checkpoint record");
    if (st == CEVNS_OK && stat(c->path, &sb) != 0) {
        if (errno == ENOENT) st = create_file(dir, stem, c->path, identity, n_chunks, chunk_values, rank, err);
        else st = cevns_error_set(err, CEVNS_EIO, "%s: %s", c->path, strerror(errno));
    }
    if (st == CEVNS_OK && (c->fd = open(c->path, O_RDWR)) < 0)
        st = cevns_error_set(err, CEVNS_EIO, "%s: cannot open: %s", c->path, strerror(errno));
    if (st == CEVNS_OK) st = lock_file(c->fd, c->path, dir, err);
    if (st == CEVNS_OK) st = read_header(c->fd, dir, c->path, identity, n_chunks, chunk_values, &hsize, err);
    if (st == CEVNS_OK) {
        /* keep the whole records; a torn one at the end is cut away */
        off_t end = lseek(c->fd, 0, SEEK_END);
        size_t rs = record_size(chunk_values), whole;
        if (end < 0 || (size_t)end < hsize) st = cevns_error_set(err, CEVNS_EIO, "%s: cannot seek", c->path);
        else {
            whole = hsize + ((size_t)end - hsize) / rs * rs;
            if (whole != (size_t)end && (ftruncate(c->fd, (off_t)whole) != 0 || fsync(c->fd) != 0))
                st = cevns_error_set(err, CEVNS_EIO, "%s: cannot cut the torn last record: %s", c->path,
                                     strerror(errno));
            else if (lseek(c->fd, (off_t)whole, SEEK_SET) < 0)
                st = cevns_error_set(err, CEVNS_EIO, "%s: cannot seek", c->path);
        }
    }
    if (st != CEVNS_OK) {
        cevns_checkpoint_close(c);
        return st;
    }
    *out = c;
    return CEVNS_OK;
}

cevns_status cevns_checkpoint_record(cevns_checkpoint *c, size_t chunk, const double *values, cevns_error *err) {
    size_t n;
    off_t at;
    if (!c) return cevns_error_set(err, CEVNS_EINTERNAL, "checkpoint: record on a checkpoint that is not open");
    if (chunk >= c->n_chunks)
        return cevns_error_set(err, CEVNS_EINTERNAL, "checkpoint: chunk %zu out of range (%zu chunks)", chunk,
                               c->n_chunks);
    n = record_size(c->chunk_values);
    encode_record(c->buf, chunk, values, c->chunk_values);
    at = lseek(c->fd, 0, SEEK_CUR);
    /* one write (the loop only follows a short one): a crash leaves one torn record at most */
    if (cevns_write_full(c->fd, c->buf, n) != 0 || fsync(c->fd) != 0) {
        int e = errno;
        /* leave no torn record behind: the file ends with whole records */
        if (at >= 0 && ftruncate(c->fd, at) == 0) lseek(c->fd, at, SEEK_SET);
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot write the checkpoint of chunk %zu: %s", c->path, chunk,
                               strerror(e));
    }
    return CEVNS_OK;
}

void cevns_checkpoint_close(cevns_checkpoint *c) {
    if (!c) return;
    if (c->fd >= 0) close(c->fd);
    free(c->buf);
    free(c);
}

/* <stem>-<anything>.bin (and with tmp, <stem>-<anything>.bin.tmp). */
static int is_checkpoint_name(const char *name, const char *stem, int tmp) {
    size_t n = strlen(name), pre = strlen(stem), suf = strlen(tmp ? ".bin.tmp" : ".bin");
    return n > pre + 1 + suf && strncmp(name, stem, pre) == 0 && name[pre] == '-' &&
           strcmp(name + n - suf, tmp ? ".bin.tmp" : ".bin") == 0;
}

/* The valid records of one file into done/values. */
static cevns_status load_file(const char *dir, const char *path, const char *identity, size_t n_chunks,
                              size_t chunk_values, unsigned char *done, double *values, unsigned char *buf,
                              cevns_error *err) {
    size_t hsize, rs = record_size(chunk_values);
    uint64_t chunk;
    int fd = open(path, O_RDONLY);
    cevns_status st;
    if (fd < 0) {
        if (errno == ENOENT) return CEVNS_OK; /* removed meanwhile */
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    st = read_header(fd, dir, path, identity, n_chunks, chunk_values, &hsize, err);
    /* whole records only: a short read is the torn end of the file */
    while (st == CEVNS_OK && cevns_read_full(fd, buf, rs) == 0) {
        /* a damaged or foreign record is skipped: its chunk is computed again */
        if (!record_intact(buf, chunk_values, &chunk) || chunk >= (uint64_t)n_chunks || done[chunk]) continue;
        decode_values(buf, chunk_values, values + (size_t)chunk * chunk_values);
        done[chunk] = 1;
    }
    close(fd);
    return st;
}

cevns_status cevns_checkpoint_load_all(const char *dir, const char *identity, size_t n_chunks, size_t chunk_values,
                                       unsigned char *done, double *values, cevns_error *err) {
    return cevns_checkpoint_load_all_named(dir, CEVNS_CHECKPOINT_STEM, identity, n_chunks, chunk_values, done, values,
                                           err);
}

cevns_status cevns_checkpoint_load_all_named(const char *dir, const char *stem, const char *identity, size_t n_chunks,
                                             size_t chunk_values, unsigned char *done, double *values,
                                             cevns_error *err) {
    DIR *d;
    struct dirent *e;
    unsigned char *buf;
    cevns_status st = CEVNS_OK;
    char path[CK_PATH];
    if (chunk_values == 0 || chunk_values > (SIZE_MAX - 16) / 8)
        return cevns_error_set(err, CEVNS_EINTERNAL, "checkpoint: bad chunk size");
    d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) return CEVNS_OK;
        return cevns_error_set(err, CEVNS_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
    }
    buf = malloc(record_size(chunk_values));
    if (!buf) st = cevns_error_set(err, CEVNS_ENOMEM, "out of memory for a checkpoint record");
    while (st == CEVNS_OK && (e = readdir(d)) != NULL) {
        int n;
        if (!is_checkpoint_name(e->d_name, stem, 0)) continue;
        n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path) st = cevns_error_set(err, CEVNS_EIO, "%s: path too long", dir);
        else st = load_file(dir, path, identity, n_chunks, chunk_values, done, values, buf, err);
    }
    closedir(d);
    free(buf);
    return st;
}

void cevns_checkpoint_remove_all(const char *dir) { cevns_checkpoint_remove_all_named(dir, CEVNS_CHECKPOINT_STEM); }

void cevns_checkpoint_remove_all_named(const char *dir, const char *stem) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[CK_PATH];
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        int n;
        if (!is_checkpoint_name(e->d_name, stem, 0) && !is_checkpoint_name(e->d_name, stem, 1)) continue;
        n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n > 0 && (size_t)n < sizeof path) unlink(path);
    }
    closedir(d);
}
