/*
 * view/preset.h — what a preset file says about the screen, beside the
 * parameters (which colres/params.h reads from the same file): the panels
 * and overlays that stage one of the paper's figures, and a one-line
 * caption of what to look at.
 *
 *     view.plane = gamma-delta | dx-delta | dx-gamma    (heat map)
 *     view.compare = 0 | 1          (Fig. 1's four trajectories)
 *     view.dephase = 0 | 1
 *     view.overlay = first | rough | both | none
 *     view.scale = auto | log | linear   (heat-map colours)
 *     caption = text to the end of the line
 *
 * Keys not given keep the value they had (set = 0 in the mask).
 * Ownership: value types.  Threads: any.  Errors: CR_EINVAL with
 * "FILE:LINE: ..." in err for an unknown view key or value; CR_EIO when
 * the file cannot be read.
 */
#ifndef COLRES_VIEW_PRESET_H
#define COLRES_VIEW_PRESET_H

#include <stddef.h>

enum {
    CR_PRESET_PLANE = 1, CR_PRESET_COMPARE = 2, CR_PRESET_DEPHASE = 4,
    CR_PRESET_OVERLAY = 8, CR_PRESET_SCALE = 16, CR_PRESET_CAPTION = 32
};

typedef struct cr_preset_view {
    unsigned set;              /* CR_PRESET_* bits of the keys given */
    int plane, compare, dephase;
    int show_first, show_rough;
    int heat_log;              /* -1 auto, 0 linear, 1 log */
    char caption[160];
} cr_preset_view;

int cr_preset_view_load(const char *path, cr_preset_view *out, char *err, size_t errlen);
/* The same from text; origin names it in messages. */
int cr_preset_view_parse(const char *text, const char *origin, cr_preset_view *out,
                         char *err, size_t errlen);

/* s without its leading and trailing blanks (spaces, tabs, a CR), in
 * place; the lines of presets and lectures go through it. */
char *cr_preset_trim(char *s);

#endif
