/*
 * colres/provenance.h — the text that says what made a result: colres's
 * version, the command, the config file read, seed, threads, the
 * amplitude model and every parameter.  One function writes it for the
 * batch commands' --meta lines, the TUI's .params files and the figure
 * scripts.
 *
 * Ownership: the caller's buffer.  Threads: reentrant.
 */
#ifndef COLRES_PROVENANCE_H
#define COLRES_PROVENANCE_H

#include <stddef.h>
#include "colres/params.h"

typedef struct cr_provenance {
    const char *command;   /* the command line, or NULL / "": not shown */
    const char *config;    /* the config file read, "": none; NULL: not shown */
    long long seed;        /* -1: no random numbers; < -1: not shown */
    int threads;           /* worker threads; 0: one per CPU; < 0: not shown */
    int dephase;           /* 1: the map D.S (Eq. 3); 0: S; < 0: not shown */
} cr_provenance;

/* Lines "# colres VERSION", "# command: ...", "# config file: ...",
 * "# seed: ...", "# threads: ...", "# dephasing D: ...", "# amplitude
 * model: ...", then every parameter as "name = value" (cr_params_format:
 * the text a config file reads back), each parameter line preceded by
 * param_prefix ("# " for a comment, "" for a loadable .params file).
 * Returns the length written (snprintf semantics: the length needed if
 * buflen is too small), or -1 on error. */
int cr_provenance_format(const cr_params *p, const cr_provenance *pv, const char *param_prefix,
                         char *buf, size_t buflen);

#endif
