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

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

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
    /* The config file of this run, whether or not it exists: --config,
     * else $COLRES_CONFIG, else $XDG_CONFIG_HOME/colres/colres.conf
     * (~/.config/colres/colres.conf); "" when none can be named (no HOME).
     * The TUI saves its settings there. */
    char config_path[4096];
} cli_common;

/* Handler for command-specific options: return CLI_OK or CLI_USAGE (after
 * printing one line with cli_error). */
typedef int (*cli_opt_fn)(void *ctx, int id, const char *arg);

/* Parse argv for a command.  Applies, in order: defaults, the config file
 * (--config, else $COLRES_CONFIG, else $XDG_CONFIG_HOME/colres/colres.conf
 * if it exists), --preset, then the parameter flags in command-line order;
 * validates the result.  On --help prints the usage and returns -1 (caller
 * exits 0).  Positional arguments are refused. */
int cli_parse(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *out);

/* Print "colres: <message>" on stderr.  Returns CLI_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the parameter warnings (physics.md §8) on stderr unless quiet. */
void cli_warn(const cli_common *c);

/* Strict number parsing for option arguments. */
int cli_parse_double(const char *opt, const char *arg, double *out);
int cli_parse_ulong(const char *opt, const char *arg, unsigned long lo,
                    unsigned long hi, unsigned long *out);

/* Locate a preset by name (fig1, ...) or path; returns a malloc'ed path or
 * NULL.  Searches $COLRES_PRESET_DIR, the installed data dir, then the
 * source tree's assets/presets. */
char *cli_find_preset(const char *name);

/* Set by SIGINT/SIGTERM/SIGHUP handlers installed by cli_install_signals;
 * long commands poll it and stop between rows. */
extern volatile sig_atomic_t cli_interrupted;
void cli_install_signals(void);

/* "%.17g" with the C locale regardless of the environment. */
void cli_print_double(FILE *f, double v);

/* Parse, print the warnings and, if S is not NULL, compute the map: the
 * first steps of most commands.  Returns CLI_OK, -1 after --help, or an
 * exit status. */
struct cr_map;
int cli_setup(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *c, struct cr_map *S);

/* One CSV row of n numbers (%.17g, C locale). */
void cli_csv_row(FILE *f, const double *v, int n);

/* Flush stdout; CLI_FAIL with a message if writing failed. */
int cli_finish_output(void);

/* Commands. */
int cmd_map(int argc, char **argv);
int cmd_steady(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_heatmap(int argc, char **argv);
int cmd_trajectory(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);  /* src/cli/snapshot.c */
int cmd_bench(int argc, char **argv);     /* src/cli/bench.c */
int cmd_units(int argc, char **argv);     /* src/cli/units.c */
int cmd_validity(int argc, char **argv);  /* src/cli/validity.c */
int cmd_amplitudes(int argc, char **argv); /* src/cli/amplitudes.c */
int cmd_tui(int argc, char **argv);       /* src/tui/tui.c */

#endif
