/*
 * export_job.h — `e` off the UI thread: tui_export() (export.h) runs on a
 * thread of its own over a copy of the view taken when `e` was pressed, so
 * keys, signals and the solver's results keep being handled while the
 * 128 × 128 heat map computes.  Cancelling sets the heat map's cancel flag
 * (colres/sweep.h): its workers stop at the next cell and nothing is
 * written (the heat map is computed before any file).
 *
 * Ownership: tui_export_start() returns a job that tui_export_finish()
 * frees.  Threads: start/fd/finish from the UI thread; the job's thread
 * runs with every signal blocked and touches neither curses nor the view.
 * Errors: a status (colres/status.h) with a message, as tui_export().
 */
#ifndef COLRES_TUI_EXPORT_JOB_H
#define COLRES_TUI_EXPORT_JOB_H

#include <stddef.h>

#include "export.h"
#include "view/view.h"

/* How long tui_export_finish() waits for a cancelled job: a cell of the
 * map that takes longer (extreme parameters) is left to the process's
 * exit. */
#define TUI_EXPORT_CANCEL_MS 150

typedef struct tui_export_job tui_export_job;

/* Start exporting a copy of v.  NULL on failure, with msg set. */
tui_export_job *tui_export_start(const cr_view *v, const tui_export_opts *o, char *msg,
                                 size_t msglen);

/* Readable (POLLIN) once the job has finished. */
int tui_export_fd(const tui_export_job *j);

/* With cancel set, stop the job first.  Waits for its thread (at most
 * TUI_EXPORT_CANCEL_MS after a cancel), frees the job, and returns the
 * export's status with its message in msg (CR_ECANCEL: nothing written).
 * NULL safe (returns CR_OK with msg ""). */
int tui_export_finish(tui_export_job *j, int cancel, char *msg, size_t msglen);

#endif
