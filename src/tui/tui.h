/*
 * tui/tui.h — the interactive terminal UI: the one door from the command
 * line (src/cli) into src/tui.
 *
 * tui_run() sets the terminal up, drives a session (view/session.h) from
 * one poll() loop on the keyboard, the solver's wake-up pipe and the
 * signal self-pipe, and restores the terminal on every way out.
 * Ownership: the caller owns the options.  Threads: call from the main
 * thread; only this thread touches curses.
 * Errors: returns 0 after `q`, 128 + the signal number after SIGINT,
 * SIGTERM or SIGHUP, or -1 with a message in err when the terminal or the
 * solver cannot be set up or the loop fails.
 */
#ifndef COLRES_TUI_TUI_H
#define COLRES_TUI_TUI_H

#include <stddef.h>
#include <stdio.h>

#include "view/session.h"

typedef struct tui_opts {
    cr_session_opts session;   /* parameters and view state at start-up */
    int want_color;            /* 0: --no-color or NO_COLOR */
    int mouse;                 /* 0: --no-mouse */
    const char *config_path;   /* where `s` saves ("" or NULL: nowhere) */
    const char *export_dir;    /* where `e` writes (NULL: the current one) */
    const struct cr_lecture *lecture; /* --lecture: opens at scene 1 (NULL: none) */
    int verbose;               /* solver timings in the status line */
} tui_opts;

int tui_run(const tui_opts *o, char *err, size_t errlen);

/* The key bindings, one per line, as the help overlay shows them. */
int tui_print_keys(FILE *f);

#endif
