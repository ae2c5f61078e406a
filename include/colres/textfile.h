/*
 * colres/textfile.h — the one opener of every file colres reads as text:
 * configs, presets (their parameters and their screen settings), and any
 * later input such as lecture scenes.
 *
 * cr_text_file_read() opens without blocking (a FIFO never waits for a
 * writer), refuses anything but a regular file -- a FIFO, device, socket
 * or directory gets "PATH: not a regular file (a FIFO)" -- and reads
 * the whole file, up to max bytes, into one NUL-terminated buffer: its
 * lines are whole whatever their length.  The caller frees *text.
 *
 * Ownership: *text is malloc'ed, the caller's.  Threads: any.  Errors:
 * CR_EIO (cannot open or read), CR_EINVAL (not a regular file, larger
 * than max), CR_ENOMEM; one line in err naming the path.
 */
#ifndef COLRES_TEXTFILE_H
#define COLRES_TEXTFILE_H

#include <stddef.h>

/* Config and preset files: 64 kB is far more than any of them needs. */
#define CR_TEXT_FILE_MAX ((size_t)1 << 16)

int cr_text_file_read(const char *path, size_t max, char **text, size_t *len, char *err,
                      size_t errlen);

#endif
