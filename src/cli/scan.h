/* scan.h — provenance lines, nan rows and the report of a scan (scan.c). */
#ifndef COLRES_CLI_SCAN_H
#define COLRES_CLI_SCAN_H

#include "cli.h"

/* What --meta says beyond the parameters: seed (< 0: none), dephasing
 * (< 0: not shown), threads (non-zero: the command uses c->threads). */
typedef struct cli_meta {
    long long seed;
    int dephase;
    int threads;
} cli_meta;
#define CLI_META_NONE ((cli_meta){ -1, -1, 0 })

/* With --meta, the provenance lines (cr_provenance_format, each "# ..."),
 * then head (may be NULL).  Returns o->status. */
int cli_out_header(cli_out *o, const cli_common *c, cli_meta m, const char *head);

/* The provenance lines alone, always (figure scripts). */
int cli_out_provenance(cli_out *o, const cli_common *c, cli_meta m);

/* prefix then n numbers "%.17g"; a non-finite v[i] is "nan", or an empty
 * field if bit i of optional is set (undefined there, not a failure). */
int cli_out_row_scan(cli_out *o, const char *prefix, const double *v, int n,
                     unsigned long long optional);

/* ---- the report of a scan ---- */
enum { CLI_SCAN_REASONS = 8, CLI_SCAN_FIRST = 3 };
typedef struct cli_scan_tally {
    char key[128];        /* the reason: the message without its numbers */
    char example[256];    /* the message at the first point */
    size_t count, first;  /* how many; the first point's index */
} cli_scan_tally;
typedef struct cli_scan {
    const char *what, *unit;           /* "sweep", "points" */
    size_t total, failed, checked;
    int nreasons, nwarnings, nfirst;
    cli_scan_tally reasons[CLI_SCAN_REASONS], warnings[CLI_SCAN_REASONS];
    size_t first[CLI_SCAN_FIRST];      /* the first failed points, by index */
} cli_scan;
void cli_scan_init(cli_scan *s, const char *what, const char *unit);
/* A point (index in scan order) that failed with message msg. */
void cli_scan_failed(cli_scan *s, size_t index, const char *msg);
/* The parameter warnings (cr_params_warnings) at a scanned point. */
void cli_scan_check(cli_scan *s, const cr_params *p, size_t index);
/* --validity: wigner_value, flux_below_emax, single_particle_ratio. */
#define CLI_VALIDITY_COLUMNS 3
#define CLI_VALIDITY_HEADER "wigner_value,flux_below_emax,single_particle_ratio"
void cli_scan_validity(const cr_params *p, double v[CLI_VALIDITY_COLUMNS]);
/* "gamma = 0.1" for point index: how the report names a point. */
typedef void (*cli_scan_name)(void *ctx, size_t index, char *buf, size_t len);
/* Print the warnings (unless quiet) and failures summed up; CLI_FAIL if
 * any point failed, else CLI_OK. */
int cli_scan_report(const cli_scan *s, int quiet, cli_scan_name name, void *ctx);

#endif
