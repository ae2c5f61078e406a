/*
 * files.h — how the TUI writes files: always whole or not at all.
 *
 * tui_write_file() writes through a temporary file beside the target,
 * flushed and fsync'ed, then either renames it over the target (replace)
 * or links it to a name that must not exist yet (never overwrite: exports).
 * On any failure the temporary file is removed and the target is as it
 * was, so Ctrl-C or a full disk never leaves half a file.  Only regular
 * files are ever replaced: a device, FIFO or directory at the path is an
 * error; a symbolic link is followed (also one to a file not there yet),
 * not replaced; a read-only file (no write bit) is refused; a replaced
 * file keeps its mode and owner.  Each temporary is flock'ed while it
 * lives, so that another process's clean-up leaves it alone.
 *
 * tui_save_settings() is the `s` key: the parameters go into the config
 * file read at start-up, updated in place, keeping every other line and
 * comment of it (and a UTF-8 byte order mark); leftover temporary files
 * of an interrupted save, those no live save holds locked, are removed.
 *
 * Threads: main thread.  Errors: non-zero status, message in err / msg.
 */
#ifndef COLRES_TUI_FILES_H
#define COLRES_TUI_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "colres/params.h"

typedef int (*tui_writer)(FILE *f, const void *ctx);

int tui_write_file(const char *path, int replace, tui_writer fn, const void *ctx,
                   char *err, size_t errlen);

/* The file a path names after its symbolic links (each relative one read
 * from its link's directory), also when the last one dangles: the path
 * itself when it is no link.  0, or -1 with errno (ELOOP after 40). */
int tui_resolve_link(const char *path, char *out, size_t outlen);

/* mkdir -p of the directory holding path (new directories 0755 less the
 * umask). */
int tui_make_parent_dirs(const char *path, char *err, size_t errlen);

int tui_save_settings(const cr_params *p, const char *path, char *msg, size_t msglen);

#endif
