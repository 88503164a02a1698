/* distribute.c - one rank of one; the MPI build (CEVNS_HAVE_MPI) adds the
 * multi-rank branches.  MPI is initialised only when an MPI launcher started the
 * process (mpirun/mpiexec, srun with PMI/PMIx), so `cevns` run by hand never
 * touches MPI; this is the only file that includes mpi.h. */
#include "scan/distribute.h"

#if CEVNS_HAVE_MPI
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <mpi.h>
#endif

static cevns_dist process_dist = {0, 1, 0, 0};

#if CEVNS_HAVE_MPI
/* Set by the launchers: Open MPI's mpirun, PMI-1/2 (MPICH's hydra, srun) and PMIx. */
static int launched_by_mpi_launcher(void) {
    static const char *const VARS[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"};
    size_t i;
    for (i = 0; i < sizeof VARS / sizeof VARS[0]; i++)
        if (getenv(VARS[i])) return 1;
    return 0;
}

/* Elements per MPI_Reduce: well below INT_MAX (the count argument) and small
 * enough that the library's temporary buffers stay modest (128 MiB). */
#define REDUCE_PIECE ((size_t)1 << 24)
_Static_assert((1 << 24) <= INT_MAX, "an MPI count is an int");

/* Minimum that keeps a NaN: the rank that computed a point holds its value, the
 * others +inf, so the result is that value exactly, NaN included (MPI_MIN
 * leaves what min(NaN, inf) gives to the implementation). */
static void min_keep_nan(void *in, void *inout, int *len, MPI_Datatype *type) {
    const double *a = in;
    double *b = inout;
    int i;
    (void)type;
    for (i = 0; i < *len; i++)
        if (isnan(a[i]) || (!isnan(b[i]) && a[i] < b[i])) b[i] = a[i];
}

/* Reduce n doubles onto rank 0 in pieces of at most REDUCE_PIECE elements. */
static cevns_status reduce_doubles(const cevns_dist *d, double *x, size_t n, MPI_Op op, const char *what,
                                   cevns_error *err) {
    size_t off;
    for (off = 0; off < n; off += REDUCE_PIECE) {
        int count = (int)(n - off < REDUCE_PIECE ? n - off : REDUCE_PIECE), rc;
        if (d->rank == 0) rc = MPI_Reduce(MPI_IN_PLACE, x + off, count, MPI_DOUBLE, op, 0, MPI_COMM_WORLD);
        else rc = MPI_Reduce(x + off, NULL, count, MPI_DOUBLE, op, 0, MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS) {
            char msg[MPI_MAX_ERROR_STRING];
            int len = 0;
            MPI_Error_string(rc, msg, &len);
            return cevns_error_set(err, CEVNS_EIO, "MPI_Reduce of the %s (%zu values) failed: %.*s", what, n, len,
                                   msg);
        }
    }
    return CEVNS_OK;
}
#endif

void cevns_dist_init(int *argc, char ***argv, cevns_dist *d) {
    process_dist.rank = 0;
    process_dist.size = 1;
    process_dist.local_rank = 0;
    process_dist.active = 0;
#if CEVNS_HAVE_MPI
    if (launched_by_mpi_launcher()) {
        int initialized = 0, provided = 0;
        MPI_Comm node;
        MPI_Initialized(&initialized);
        /* OpenMP threads never call MPI: only the main thread does */
        if (!initialized) MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
        MPI_Comm_rank(MPI_COMM_WORLD, &process_dist.rank);
        MPI_Comm_size(MPI_COMM_WORLD, &process_dist.size);
        /* the ranks sharing this node's memory: local_rank picks the GPU */
        if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, process_dist.rank, MPI_INFO_NULL, &node) ==
            MPI_SUCCESS) {
            MPI_Comm_rank(node, &process_dist.local_rank);
            MPI_Comm_free(&node);
        }
        process_dist.active = 1;
    }
#else
    (void)argc;
    (void)argv;
#endif
    *d = process_dist;
}

void cevns_dist_finalize(const cevns_dist *d) {
#if CEVNS_HAVE_MPI
    int finalized = 0;
    if (!d->active) return;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
    process_dist.rank = 0;
    process_dist.size = 1;
    process_dist.local_rank = 0;
    process_dist.active = 0;
#else
    (void)d;
#endif
}

const cevns_dist *cevns_dist_get(void) { return &process_dist; }

void cevns_dist_range(const cevns_dist *d, size_t n_chunks, size_t *first, size_t *last) {
    *first = n_chunks * (size_t)d->rank / (size_t)d->size;
    *last = n_chunks * (size_t)(d->rank + 1) / (size_t)d->size;
}

cevns_status cevns_dist_combine(const cevns_dist *d, double *chi2, size_t n, double *counts, size_t n_counts,
                                cevns_error *err) {
#if CEVNS_HAVE_MPI
    cevns_status st;
    MPI_Op min_op;
    int have[2], agree[2];
    if (!d->active || d->size < 2) return CEVNS_OK;
    /* every rank must take part in the same reductions: agree on the counts */
    have[0] = counts != NULL && n_counts > 0;
    have[1] = -have[0];
    if (MPI_Allreduce(have, agree, 2, MPI_INT, MPI_MIN, MPI_COMM_WORLD) != MPI_SUCCESS)
        return cevns_error_set(err, CEVNS_EIO, "MPI_Allreduce failed");
    if (agree[0] != -agree[1])
        return cevns_error_set(err, CEVNS_ENOMEM, "some MPI ranks have no expected counts to combine (out of memory)");
    if (MPI_Op_create(min_keep_nan, 1, &min_op) != MPI_SUCCESS)
        return cevns_error_set(err, CEVNS_EIO, "MPI_Op_create failed");
    st = reduce_doubles(d, chi2, n, min_op, "chi2 map", err);
    MPI_Op_free(&min_op);
    if (st == CEVNS_OK && agree[0]) st = reduce_doubles(d, counts, n_counts, MPI_SUM, "expected counts", err);
    return st;
#else
    (void)d;
    (void)chi2;
    (void)n;
    (void)counts;
    (void)n_counts;
    (void)err;
    return CEVNS_OK;
#endif
}

int cevns_dist_any(const cevns_dist *d, int failed) {
#if CEVNS_HAVE_MPI
    if (d->active && d->size > 1) {
        int mine = failed != 0, any = mine;
        if (MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD) != MPI_SUCCESS) return 1;
        return any != 0;
    }
#else
    (void)d;
#endif
    return failed != 0;
}

void cevns_dist_barrier(const cevns_dist *d) {
#if CEVNS_HAVE_MPI
    if (d->active && d->size > 1) MPI_Barrier(MPI_COMM_WORLD);
#else
    (void)d;
#endif
}
