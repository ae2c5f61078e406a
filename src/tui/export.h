/*
 * export.h — `e` in the TUI: write every series the screen shows to CSV
 * files in the current directory, each with a `.params` sidecar holding the
 * parameters (cr_params_format), so a plot in a lecture note can be redone.
 *
 * Files are written atomically (a temporary file in the same directory,
 * then rename), so an interrupted export never leaves a half file.
 * Numbers are "%.17g" under LC_NUMERIC "C" (the TUI never changes it).
 * Threads: main thread.  Errors: non-zero status, message in msg; on
 * success msg names the series written (colres-<series>-<stamp>.csv) and
 * those skipped because they have no data yet (nothing is computed yet).
 */
#ifndef COLRES_TUI_EXPORT_H
#define COLRES_TUI_EXPORT_H

#include <stddef.h>

#include "colres/frame.h"

int tui_export(const cr_view *v, char *msg, size_t msglen);

#endif
