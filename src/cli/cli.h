/*
 * cli.h — what the command-line front end shares between its commands.
 *
 * Every command is `int cmd_NAME(int argc, char **argv)` with argv[0] the
 * command name; it returns the process exit status:
 *   CLI_OK (0) success, CLI_FAIL (1) numerical failure (message names the
 *   computation), CLI_USAGE (2) bad usage or invalid parameter (one line on
 *   stderr naming the parameter, value and valid range; nothing on stdout).
 * Warnings go to stderr and never change stdout.
 * Threads: the CLI runs on the main thread; only sweeps start workers.
 */
#ifndef COLRES_CLI_H
#define COLRES_CLI_H

#include <signal.h>
#include <stdio.h>

#include "colres/params.h"
#include "colres/ndynamics.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };
/* The reader of stdout has gone (EPIPE where SIGPIPE is blocked): quiet,
 * with the status a shell shows for SIGPIPE. */
#define CLI_PIPE (128 + SIGPIPE)

/* A command-specific option.  id > 0 is passed back to the handler. */
typedef struct cli_opt {
    const char *name;     /* long name without "--" */
    int has_arg;          /* 0 or 1 */
    int id;
    const char *arg_name; /* for --help, e.g. "N" */
    const char *help;
} cli_opt;

/* Options every command accepts: the parameters (--gamma ... --x0,
 * --rough-s), --amplitudes, --preset, --config, --threads, --help. */
typedef struct cli_common {
    cr_params params;
    int threads;          /* 0: one per CPU */
    int quiet;            /* --quiet: no warnings on stderr */
    int meta;             /* --meta: provenance lines before the CSV header */
    /* The config file of this run, whether or not it exists: --config,
     * else $COLRES_CONFIG, else $XDG_CONFIG_HOME/colres/colres.conf
     * (~/.config/colres/colres.conf); "" when none can be named (no HOME).
     * The TUI saves its settings there. */
    char config_path[4096];
    /* The file actually read ("" none): batch commands read only a file
     * that --config or $COLRES_CONFIG names; the TUI also the XDG one. */
    char config_read[4096];
    /* The command line as given, quoted for a shell: "colres sweep ..." */
    char command[8192];
} cli_common;

/* Handler for command-specific options: return CLI_OK or CLI_USAGE (after
 * printing one line with cli_error). */
typedef int (*cli_opt_fn)(void *ctx, int id, const char *arg);

/* Parse argv for a batch command.  Applies, in order: defaults, the config
 * file that --config or else $COLRES_CONFIG names (none with --no-config
 * or --config /dev/null; the one read is named on stderr), --preset, then
 * the parameter flags in command-line order; validates the result.  On
 * --help prints the usage and returns -1 (caller exits 0).  Positional
 * arguments are refused, unless extra has an entry with id CLI_ARGS: then
 * each is passed to the handler with that id. */
int cli_parse(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *out);
/* The same for the TUI and snapshot: without --config or $COLRES_CONFIG,
 * the saved $XDG_CONFIG_HOME/colres/colres.conf is read if it exists
 * (silently); no --meta. */
int cli_parse_tui(int argc, char **argv, const char *usage, const cli_opt *extra,
                  cli_opt_fn handler, void *ctx, cli_common *out);
#define CLI_ARGS 999

/* The same for a command without physical parameters (units): only its
 * own options, --quiet and --help.  Returns CLI_OK, -1 after --help, or
 * CLI_USAGE. */
int cli_parse_options(int argc, char **argv, const char *usage, const cli_opt *extra,
                      cli_opt_fn handler, void *ctx, int *quiet);

/* Print "colres: <message>" on stderr.  Returns CLI_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A parameter's id by its name or its flag's spelling (rough-s), as
 * cr_param_lookup; -1 if none. */
int cli_param_lookup(const char *name);

/* Whether a write's EPIPE is the quiet end CLI_PIPE: SIGPIPE has its
 * default action (only blocked in the thread that wrote); when it was
 * inherited as ignored, EPIPE is an error like any other (exit 1). */
int cli_quiet_epipe(int err);

/* Flush stdout after printf-style output (help, bench, --keys): CLI_OK;
 * CLI_PIPE, quietly, when the reader has gone (cli_quiet_epipe); else CLI_FAIL
 * after "colres: cannot write WHAT: REASON" (closed stdout, /dev/full). */
int cli_stdout_check(const char *what);

/* Print the parameter warnings (cr_params_warnings) on stderr unless quiet. */
void cli_warn(const cli_common *c);

/* Strict number parsing for option arguments. */
int cli_parse_double(const char *opt, const char *arg, double *out);
int cli_parse_ulong(const char *opt, const char *arg, unsigned long lo,
                    unsigned long hi, unsigned long *out);

/* --from A --to B --points N --log (grammar.c): the option ids a command
 * lists in its table, and the parser its handler calls first. */
typedef struct cli_range {
    double from, to;
    unsigned long points;
    int log_scale, have_from, have_to;
} cli_range;
enum { CLI_RANGE_FROM = 901, CLI_RANGE_TO, CLI_RANGE_POINTS, CLI_RANGE_LOG };
/* CLI_OK or CLI_USAGE for a range option; -1 for any other id. */
int cli_range_opt(cli_range *r, int id, const char *arg);
/* "AxB" (sep 'x') or "K/N" (sep '/'): two decimal numbers, digits only,
 * each at most max; 1 if arg is one, else 0 (no message). */
int cli_parse_pair(const char *arg, char sep, unsigned long max, unsigned long *a,
                   unsigned long *b);
/* --size NXxNY, both lo..hi (usage message on error). */
int cli_parse_size(const char *opt, const char *arg, unsigned long lo, unsigned long hi,
                   unsigned long *nx, unsigned long *ny);

/* Locate a preset by name (fig1, ...) or path; returns a malloc'ed path or
 * NULL.  Searches $COLRES_PRESET_DIR, the installed data dir, then the
 * source tree's assets/presets. */
char *cli_find_preset(const char *name);
/* The same for a lecture (view/lecture.h): NAME.lecture in
 * $COLRES_LECTURE_DIR, the installed data dir's lectures/, the source
 * tree's assets/lectures; a path (with '/' or ending .lecture) as it is. */
char *cli_find_lecture(const char *name);

/* Signals.  cli_install_signals() catches SIGINT, SIGTERM and SIGHUP
 * (each unless it was inherited as ignored, as under nohup): the handler
 * stores the signal number in cli_interrupted, which long commands poll;
 * they stop after whole lines and exit with cli_signal_status().
 * The exit rule, for every command: 128 + the signal number (130 SIGINT,
 * 143 SIGTERM, 129 SIGHUP), after one line on stderr. */
extern volatile sig_atomic_t cli_interrupted;
/* Set by the handler and by a failed write: the cancel flag of sweeps and
 * heat maps, so that either stops the workers. */
extern volatile sig_atomic_t cli_stop_work;
void cli_install_signals(void);
int cli_signal(void);          /* the signal received, or 0 */
int cli_signal_status(void);   /* 128 + cli_signal() */
/* Print "colres: WHAT interrupted by SIGNAME[; DETAIL]"; the exit status. */
int cli_interrupted_exit(const char *what, const char *detail);


/* Standard output for CSV: whole lines only, written with write(2) from a
 * buffer.  The first failed write stops all output (status CLI_FAIL,
 * message on stderr; a partial line left in a regular file is cut off); a
 * signal while writing gives cli_signal_status().  Rows are checked to be
 * finite before they are written.  Every function returns o->status. */
typedef struct cli_out {
    int fd;
    int status;            /* CLI_OK until something stops the output */
    size_t len;            /* buffered bytes: whole lines */
    char buf[1 << 16];
} cli_out;
void cli_out_init(cli_out *o);
int cli_out_line(cli_out *o, const char *text);         /* text ends in '\n' */
/* prefix (may be NULL) then n numbers "%.17g" (C locale), comma-separated;
 * a non-finite value is a numerical failure naming `what`. */
int cli_out_row(cli_out *o, const char *prefix, const double *v, int n, const char *what);
/* The same, but a non-finite v[i] with bit i of optional set is written as
 * an empty field (a value that is undefined there, not a failure). */
int cli_out_row_optional(cli_out *o, const char *prefix, const double *v, int n,
                         unsigned optional, const char *what);
int cli_out_flush(cli_out *o);
int cli_out_finish(cli_out *o);

/* Parse, print the warnings and, if S is not NULL, compute the map: the
 * first steps of most commands.  Returns CLI_OK, -1 after --help, or an
 * exit status. */
struct cr_map;
int cli_setup(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *c, struct cr_map *S);

/* Commands. */
int cmd_map(int argc, char **argv);
int cmd_steady(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_heatmap(int argc, char **argv);
int cmd_trajectory(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_ensemble(int argc, char **argv); /* src/cli/ensemble.c */
int cmd_snapshot(int argc, char **argv);  /* src/cli/screen.c */
int cmd_bench(int argc, char **argv);     /* src/cli/bench.c */
int cmd_units(int argc, char **argv);     /* src/cli/units.c */
int cmd_validity(int argc, char **argv);  /* src/cli/validity.c */
int cmd_amplitudes(int argc, char **argv); /* src/cli/amplitudes.c */
int cmd_figure(int argc, char **argv);    /* src/cli/figure.c */
int cmd_tui(int argc, char **argv);       /* src/cli/screen.c */

/* ---- any level scheme and coupling (--levels, --coupling) ----
 * A command whose parameters are not the paper's qubit (cr_params_is_qubit)
 * gets no map from cli_setup(); it computes the general one with
 * cli_nmap() (messages on stderr; the exit status). */
int cli_nmap(const cli_common *c, cr_nmap *S, const char *argv0);
/* The map of any system, allocated (free() it): the paper's qubit's from
 * cli_setup()'s Sq, any other from cli_nmap(); NULL with the exit status
 * in *st (the message printed). */
cr_nmap *cli_nmap_new(const cli_common *c, const cr_map *Sq, const char *argv0, int *st);

/* The state columns of an N-level system, comma-separated, no newline:
 * rhoJJ for every level, rhoJK_re,rhoJK_im,rhoJK_abs for J < K, thermalJJ
 * for every level; returns the length written (snprintf semantics), and
 * the values in that order (returns how many, at most CLI_STATE_MAX). */
#define CLI_STATE_MAX (2 * CR_NMAX + 3 * CR_NMAX * (CR_NMAX - 1) / 2)
size_t cli_state_columns(char *buf, size_t len, int n);
int cli_state_values(double *v, const cr_nstate *s, const cr_nstate *thermal);
#define CLI_STATE_HELP "Another --levels or --coupling: rhoJJ for every level, rhoJK_re, rhoJK_im,\n" \
                       "rhoJK_abs for every J < K, thermalJJ for every level (\"excited\" is the top level)."

#endif
