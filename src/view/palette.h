/*
 * view/palette.h — the screen's colours by role, for the dark and the light
 * (projector) theme, as indices of the xterm 256-colour palette, and the
 * WCAG contrast of each against its theme's background.
 *
 * One table of roles (view/canvas.h) drives both the terminal (src/tui maps
 * each role to a colour pair) and the contrast test, so what is tested is
 * what is shown.  Both themes paint their own background.  Terminals with
 * fewer than 256 colours get the 8-colour fallback of src/tui/term.c.
 *
 * Kinds: text must reach 4.5:1 against the background, lines and glyphs of
 * plots 3:1; heat-map levels are areas: their lightness runs monotonically
 * away from the background, so more coherence is more ink in both themes
 * (and in greyscale print), and the top level reaches 3:1.
 * Threads: read-only tables; any thread.  Errors: out-of-range roles give
 * the text role.
 */
#ifndef COLRES_VIEW_PALETTE_H
#define COLRES_VIEW_PALETTE_H

#include <stdio.h>

enum cr_palette_kind { CR_KIND_TEXT, CR_KIND_LINE, CR_KIND_AREA };

typedef struct cr_palette_entry {
    short fg, bg;   /* xterm-256 indices; bg -1: the theme's background */
    int bold;
    int kind;       /* enum cr_palette_kind */
} cr_palette_entry;

/* The colours of a role in a theme (light: 1 for the projector theme). */
cr_palette_entry cr_palette_get(int role, int light);
/* The background the theme paints. */
short cr_palette_background(int light);
/* The sRGB colour (0..1 per channel) of an xterm-256 index. */
void cr_palette_rgb(int index, double rgb[3]);
/* WCAG 2 relative luminance of an index, and the contrast ratio of two. */
double cr_palette_luminance(int index);
double cr_palette_contrast(int a, int b);

/* Write the canvas with its colours as ANSI SGR escapes (256-colour), one
 * line per row, every cell painted (`colres snapshot --color`, the
 * README's screenshots).  Returns 0 or CR_EIO / CR_ENOMEM. */
struct cr_canvas;
int cr_palette_write_sgr(const struct cr_canvas *c, FILE *f, int ascii, int light);

#endif
