/* file_io.h (internal) - whole reads and writes on a file descriptor. */
#ifndef CEVNS_SRC_UTIL_FILE_IO_H
#define CEVNS_SRC_UTIL_FILE_IO_H
#include <stddef.h>

/* Read exactly n bytes, retrying after signals and short reads; 0, or -1 at an
 * error (errno) or at the end of the file before n bytes. */
int cevns_read_full(int fd, void *buf, size_t n);

/* Write all n bytes, retrying after signals and short writes: a write cut short
 * by a full disk or a file-size limit is followed by one that fails and sets
 * errno.  0, or -1 with errno set (ENOSPC when a write wrote nothing). */
int cevns_write_full(int fd, const void *buf, size_t n);

#endif
