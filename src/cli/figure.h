/*
 * figure.h — what `colres figure` shares between its two files: figure.c
 * (options, running gnuplot, the output file) and figure_plot.c (the data
 * blocks and the gnuplot text of each figure).
 *
 * The data blocks are computed by the same engine calls, on the same grids,
 * as the commands sweep, trajectory, evolve and heatmap, and written with the
 * same row writer (cli_out_row, %.17g), so that each block equals what the
 * command named in the comment above it prints.
 */
#ifndef COLRES_CLI_FIGURE_H
#define COLRES_CLI_FIGURE_H

#include "cli.h"

enum fig_id { FIG_1 = 0, FIG_2, FIG_3, FIG_S2, FIG_COUNT };

typedef struct fig_args {
    int which;                  /* enum fig_id */
    const char *output;         /* --output FILE, or NULL: the script */
    int panel;                  /* -1: all three; 0, 1, 2: left, middle, right */
    unsigned long seed, collisions, points, nx, ny;
    int dephase;
    /* Parameters given on the command line (bit 1u << id): they override
     * the value a Fig. 3 plane fixes. */
    unsigned explicit_params;
} fig_args;

/* The size of the figure in pixels (PDF: 1/100 inch) for these options. */
void fig_size(const fig_args *a, int *width, int *height);

/* Compute the data and write the whole script to o.  Returns CLI_OK, or an
 * exit status after its message (numerical failure, interruption). */
int fig_write_script(const fig_args *a, const cli_common *c, cli_out *o);

/* Fig. 3 and S2 (figure_maps.c). */
int fig_maps(const fig_args *a, const cli_common *c, cli_out *o);

/* Shared by the figures (figure_plot.c). */
/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
const char *fig_num(char *buf, size_t n, double v);
/* Every parameter as a flag (" --gamma 5 ... --amplitudes approx"). */
const char *fig_param_flags(const cr_params *p, char *buf, size_t n);
/* A parameter's symbol for gnuplot's enhanced text. */
const char *fig_symbol(int id);
/* The caption: the parameters whose bit (1u << id) is not in skip. */
void fig_caption(const fig_args *a, const cr_params *p, unsigned skip, char *buf, size_t n);
/* The head of every script: how to run it, UTF-8, CSV, the palette. */
void fig_head(const fig_args *a, const cli_common *c, cli_out *o, const char *title);
/* "figure interrupted by SIG...": the exit status. */
int fig_interrupted(void);
/* Progress on stderr when it is a terminal (a cr_sweep_opts callback). */
typedef struct fig_progress {
    int enabled;
    const char *what;
    double start;
} fig_progress;
void fig_progress_cb(void *ctx, size_t done, size_t total);
void fig_progress_end(fig_progress *p);
/* Line colours, dark to light, from the palette. */
extern const char *const fig_colour[4];

/* printf to o, whole lines only (fmt ends in '\n'). */
int fig_printf(cli_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
