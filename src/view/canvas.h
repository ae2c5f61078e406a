/*
 * colres/canvas.h — a character canvas: width × height cells, each a Unicode
 * code point plus a colour role.  Everything the TUI shows is drawn here
 * first (no curses anywhere in the drawing layer), then blitted to the
 * screen by the curses front end, or written as text by `colres snapshot`.
 *
 * Cells hold single-column code points only (ASCII, Greek, box drawing,
 * blocks, braille).  In ASCII mode (canvas->ascii set) cr_canvas_text()
 * transliterates the few non-ASCII letters colres uses (Γ→G, Δ→D, ...) and
 * anything else non-ASCII becomes '?', so an ASCII canvas never holds a
 * code point >= 128.
 *
 * Ownership: the caller creates a canvas with cr_canvas_new() and frees it
 * with cr_canvas_free() (NULL safe).  Every drawing call clips to the canvas;
 * nothing ever writes out of bounds, whatever the coordinates.
 * Threads: a canvas belongs to one thread; no global state.
 * Errors: cr_canvas_new / cr_canvas_resize return NULL / CR_ENOMEM.
 */
#ifndef COLRES_CANVAS_H
#define COLRES_CANVAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Colour roles.  The front end maps each to a curses colour pair and
 * attributes (and to plain attributes in monochrome); series stay apart by
 * glyph even without colour. */
#define CR_ROLE_TABLE(X)                                   \
    X(CR_ROLE_TEXT,      "text")                           \
    X(CR_ROLE_DIM,       "dim")                            \
    X(CR_ROLE_HIGHLIGHT, "highlight")  /* selected slider */ \
    X(CR_ROLE_AXIS,      "axis")                           \
    X(CR_ROLE_RHO00,     "rho00")                          \
    X(CR_ROLE_RHO11,     "rho11")                          \
    X(CR_ROLE_COH,       "coherence")  /* |ρ01| */         \
    X(CR_ROLE_FIRST,     "first-order")                    \
    X(CR_ROLE_THERMAL,   "thermal")                        \
    X(CR_ROLE_TRAJ,      "trajectory")                     \
    X(CR_ROLE_MEAN,      "mean")                           \
    X(CR_ROLE_MARKER,    "marker")                         \
    X(CR_ROLE_HEAT0,     "heat0")                          \
    X(CR_ROLE_HEAT1,     "heat1")                          \
    X(CR_ROLE_HEAT2,     "heat2")                          \
    X(CR_ROLE_HEAT3,     "heat3")                          \
    X(CR_ROLE_HEAT4,     "heat4")                          \
    X(CR_ROLE_HEAT5,     "heat5")                          \
    X(CR_ROLE_HEAT6,     "heat6")                          \
    X(CR_ROLE_HEAT7,     "heat7")                          \
    X(CR_ROLE_WARNING,   "warning")                        \
    X(CR_ROLE_ERROR,     "error")                          \
    X(CR_ROLE_STATUS,    "status")     /* status line */   \
    X(CR_ROLE_TITLE,     "title")      /* panel titles */  \
    X(CR_ROLE_BORDER,    "border")     /* panel frames */  \
    X(CR_ROLE_HINT,      "hint")       /* hint bar */      \
    X(CR_ROLE_ROUGH,     "rough")      /* Eq. 24 overlay */ \
    X(CR_ROLE_TRAJ2,     "trajectory2") /* compare mode */ \
    X(CR_ROLE_TRAJ3,     "trajectory3")                    \
    X(CR_ROLE_TRAJ4,     "trajectory4")

enum cr_role {
#define CR_ROLE_ENUM_(name, text) name,
    CR_ROLE_TABLE(CR_ROLE_ENUM_)
#undef CR_ROLE_ENUM_
    CR_ROLE_COUNT
};
#define CR_HEAT_LEVELS 8

typedef struct cr_cell {
    uint32_t ch;   /* Unicode code point, single column; ' ' when empty */
    uint8_t role;  /* enum cr_role */
} cr_cell;

typedef struct cr_canvas {
    int width, height;
    int ascii;         /* 1: only code points < 128 are stored */
    cr_cell *cells;    /* row-major, width * height */
} cr_canvas;

cr_canvas *cr_canvas_new(int width, int height, int ascii);
void cr_canvas_free(cr_canvas *c);
/* Resize and clear; returns 0 or CR_ENOMEM (canvas unchanged then). */
int cr_canvas_resize(cr_canvas *c, int width, int height);
/* All cells to ' ' with CR_ROLE_TEXT. */
void cr_canvas_clear(cr_canvas *c);

/* Cell access; out-of-range reads return a blank cell. */
cr_cell cr_canvas_get(const cr_canvas *c, int x, int y);
void cr_canvas_put(cr_canvas *c, int x, int y, uint32_t ch, int role);
void cr_canvas_fill(cr_canvas *c, int x, int y, int w, int h, uint32_t ch,
                    int role);

/* UTF-8 text at (x, y), at most maxw columns (maxw == -1: up to the right
 * edge; any other maxw <= 0 draws nothing).  Stops at '\n'.  Invalid UTF-8 bytes are drawn as '?'.  Returns
 * the number of columns the whole text needs (so callers can measure). */
int cr_canvas_text(cr_canvas *c, int x, int y, int maxw, const char *utf8,
                   int role);
/* UTF-8 text word-wrapped into lines of at most w columns at (x, y),
 * drawing at most max_lines of them (0: draw nothing).  A word longer than
 * w is broken.  Returns how many lines the whole text needs, so a caller
 * can tell whether it fitted. */
int cr_canvas_wrap(cr_canvas *c, int x, int y, int w, int max_lines,
                   const char *utf8, int role);

/* Columns a UTF-8 string takes (one per code point). */
int cr_text_width(const char *utf8);
/* printf-style convenience; text longer than 256 bytes is cut. */
int cr_canvas_printf(cr_canvas *c, int x, int y, int maxw, int role,
                     const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* A frame around (x, y, w, h) — box drawing in Unicode, +-| in ASCII —
 * with an optional title set into the top edge. */
void cr_canvas_box(cr_canvas *c, int x, int y, int w, int h, int role,
                   const char *title);
/* Horizontal / vertical rule of length n. */
void cr_canvas_hline(cr_canvas *c, int x, int y, int n, int role);
void cr_canvas_vline(cr_canvas *c, int x, int y, int n, int role);

/* Encode one code point as UTF-8 into out (>= 4 bytes); returns length.
 * Invalid code points encode as '?'. */
int cr_utf8_encode(uint32_t cp, char *out);

/* Row y as text (UTF-8, or ASCII with '?' for anything >= 128 when ascii
 * is set), trailing spaces removed, NUL-terminated.  Returns the length
 * needed (snprintf semantics: buf may be too small, output is cut). */
size_t cr_canvas_row_text(const cr_canvas *c, int y, int ascii, char *buf,
                          size_t buflen);
/* Set LC_CTYPE from the environment (LC_NUMERIC stays "C", so numbers
 * always use '.') and say whether its character set is UTF-8. */
int cr_canvas_locale_utf8(void);

/* Every row followed by '\n'.  Returns 0 or CR_EIO. */
int cr_canvas_write(const cr_canvas *c, FILE *f, int ascii);

#endif
