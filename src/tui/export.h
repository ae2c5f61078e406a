/*
 * export.h — `e` in the TUI: every series the screen shows, as CSV files in
 * a directory the user chose (--export-dir, default the current one), each
 * with a `.params` file beside it that holds the parameters the data was
 * computed for and the colres command that prints the same CSV.
 *
 * Names are colres-SERIES-YYYYmmdd-HHMMSS[-N].csv: never an existing file
 * (a second export in the same second gets -2, -3, …), each written whole
 * or not at all (files.h).  The steady state against Γ is the curve shown
 * (`colres sweep` columns); the mean e^{ℒt}ρ(0) its samples (`colres
 * evolve` columns); the trajectory its collisions (n, gamma_t, rho00; in
 * compare mode one file per trajectory); the heat map is computed anew by
 * the engine at heat_nx × heat_ny (default 128 × 128) for the parameters of
 * the map shown (`colres heatmap` columns).
 *
 * Threads: any one thread (export_job.h runs it off the UI thread); the
 * heat map's workers are joined before return.
 * Errors: non-zero status, message in msg; on success msg names the
 * series written and the full path of the files.
 */
#ifndef COLRES_TUI_EXPORT_H
#define COLRES_TUI_EXPORT_H

#include <signal.h>
#include <stddef.h>

#include "view/view.h"

typedef struct tui_export_opts {
    const char *dir;          /* NULL or "": the current directory */
    int heat_nx, heat_ny;     /* 0: 128 */
    /* Set (from any thread) to stop the heat map: then CR_ECANCEL, and no
     * file is written, as the heat map is computed first.  May be NULL. */
    volatile sig_atomic_t *cancel;
} tui_export_opts;

int tui_export(const cr_view *v, const tui_export_opts *o, char *msg, size_t msglen);

#endif
