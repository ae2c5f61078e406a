/*
 * export.h — the files the TUI writes.
 *
 * `e`: write every series the screen shows to CSV files in the current
 * directory, each with a `.params` sidecar holding the parameters
 * (cr_params_format), so a plot in a lecture note can be redone.
 * `s`: save the parameters to the config file read at start-up.
 *
 * Files are written atomically (a temporary file in the same directory,
 * fsync, rename), so an interrupted write never leaves a half file and a
 * failed one keeps the old file.
 * Numbers are "%.17g" under LC_NUMERIC "C" (the TUI never changes it).
 * Threads: main thread.  Errors: non-zero status, message in msg; on
 * success msg names the series written (colres-<series>-<stamp>.csv) and
 * those skipped because they have no data yet (nothing is computed yet).
 */
#ifndef COLRES_TUI_EXPORT_H
#define COLRES_TUI_EXPORT_H

#include <stddef.h>

#include "view/view.h"

int tui_export(const cr_view *v, char *msg, size_t msglen);

/* `s` in the TUI: write p (cr_params_format, under a comment line) to the
 * config file path that colres reads at start-up (cli_common.config_path),
 * creating its directory like mkdir -p (0755), atomically as above: on any
 * failure the old file is kept.  Returns 0 with msg naming the file, or a
 * non-zero status with msg saying why it failed. */
int tui_save_settings(const cr_params *p, const char *path, char *msg, size_t msglen);

#endif
