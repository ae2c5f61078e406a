/*
 * term.h — the one place colres talks to curses (private to src/tui).
 *
 * Sets the terminal up (locale LC_CTYPE only, cbreak, noecho, keypad,
 * nodelay, mouse, colours by role with a monochrome column, light or dark
 * theme), blits a cr_canvas, reads keys and mouse events, and restores the
 * terminal through term_restore(), which every exit path calls (it is also
 * registered with atexit and is idempotent).  Signals (INT, TERM, HUP,
 * WINCH, TSTP, CONT) only set a flag and write a byte to a self-pipe; the
 * main loop polls term_signal_fd() and asks term_take_signals() what came.
 *
 * Ownership: the terminal is process-global by nature; this module keeps
 * its own small static state.  Threads: main thread only.
 * Errors: term_init returns non-zero with a message in err.
 */
#ifndef COLRES_TUI_TERM_H
#define COLRES_TUI_TERM_H

#include <stddef.h>

#include "view/canvas.h"

typedef struct term_opts {
    int want_color; /* 0: monochrome (--no-color, NO_COLOR) */
    int mouse;      /* 0: --no-mouse */
    int light;      /* 1: light "projector" theme */
} term_opts;

/* What the signal self-pipe reported (bit mask). */
enum {
    TERM_SIG_QUIT = 1,    /* SIGINT, SIGTERM, SIGHUP */
    TERM_SIG_RESIZE = 2,  /* SIGWINCH */
    TERM_SIG_SUSPEND = 4, /* SIGTSTP */
    TERM_SIG_CONT = 8,    /* SIGCONT */
};

/* Keys: Unicode code points for characters (Tab 9, Esc 27, Ctrl-L 12),
 * these codes (above Unicode) for the rest, so no other file needs curses. */
enum term_key {
    TERM_KEY_UP = 0x110001, TERM_KEY_DOWN, TERM_KEY_LEFT, TERM_KEY_RIGHT,
    TERM_KEY_PGUP, TERM_KEY_PGDN, TERM_KEY_HOME, TERM_KEY_END,
    TERM_KEY_BTAB, TERM_KEY_ENTER, TERM_KEY_BACKSPACE, TERM_KEY_DELETE,
    TERM_KEY_F1, TERM_KEY_RESIZE, TERM_KEY_MOUSE, TERM_KEY_OTHER
};

typedef struct term_event {
    int key;            /* code point or enum term_key */
    int mx, my;         /* mouse cell */
    int press, drag, release;
} term_event;

/* Is the LC_CTYPE locale UTF-8 (after term_locale())? */
int term_locale(void);

int term_init(const term_opts *o, char *err, size_t errlen);
void term_restore(void);

int term_has_color(void);
void term_set_theme(int light);

/* Current size in cells, after any pending resize was applied. */
void term_size(int *width, int *height);
/* Apply a SIGWINCH: query the tty size and resize curses. */
void term_resize(void);

/* Draw the canvas and update the screen (werase, wnoutrefresh, doupdate). */
void term_blit(const cr_canvas *c);
/* Force a full repaint on the next blit (after SIGCONT, Ctrl-L). */
void term_invalidate(void);

/* Next input event without blocking: 1 and *ev filled, or 0 if none. */
int term_read(term_event *ev);

int term_signal_fd(void);
/* What came since the last call (TERM_SIG_* bits), read and cleared at once. */
int term_take_signals(void);
/* The signal number of the last SIGINT, SIGTERM or SIGHUP, 0 if none. */
int term_quit_signal(void);

/* Suspend (Ctrl-Z): restore the terminal, stop, and come back. */
void term_suspend(void);

#endif
