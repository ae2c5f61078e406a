/*
 * view/lecture.h — a lecture: a plain-text file of scenes, each written
 * like a preset (the same `name = value` parameter lines, `view.*` keys and
 * `caption`, read by the same parsers) under a `[scene TITLE]` line, with
 * a few keys of its own:
 *
 *     [scene Fig. 2 at small Γ]
 *     gamma = 0.05
 *     view.plane = dx-delta
 *     view.focus = fig2             fig1 | fig2 | fig3 | all
 *     view.range = 0 0.2            the map's colour scale, fixed (+ " log")
 *     view.units = 1                the physical-units panel (key u)
 *     view.speed = 40               the trajectory's collisions per second
 *     caption = one line of what to look at
 *     note = up to four lines of words,
 *     note = each a `note =` line
 *     hide = rho00, coherence       rho00 | coherence | map | trajectory
 *     ask = Where does ρ00 sit? | on the line | above it | below it
 *                                   (choices after " | ", up to three)
 *
 * Every scene starts from the paper's parameters; lines before the first
 * scene may be comments only.  Space (or Enter) in the TUI reveals what a
 * scene hides; `ask` is the question, then up to three choices after `|`.
 *
 * Ownership: cr_lecture_load() returns a malloc'ed lecture, freed with
 * free().  Threads: any.  Errors: CR_EINVAL with "FILE:LINE: ..." in err
 * for a malformed line (the preset parsers' own messages for theirs),
 * CR_EIO when the file cannot be read or is not a regular file.
 */
#ifndef COLRES_VIEW_LECTURE_H
#define COLRES_VIEW_LECTURE_H

#include <stddef.h>

#include "colres/params.h"
#include "view/preset.h"
#include "view/view.h"

#define CR_LECTURE_MAX 32        /* scenes in one lecture */

typedef struct cr_scene {
    char title[96];
    int line;                    /* of its [scene] line */
    cr_params params;
    cr_preset_view view;         /* view.* keys and caption */
    int focus;                   /* 0 all, 1..3 that figure, -1 not given */
    int units;                   /* view.units: the units panel (-1 not given) */
    double speed;                /* view.speed: collisions per second (0: not given) */
    unsigned hide;               /* CR_HIDE_* */
    int nnotes;
    char notes[CR_VIEW_NOTES][CR_VIEW_TEXT];
    char ask[CR_VIEW_TEXT];
    int nchoices;
    char choices[CR_VIEW_CHOICES][96];
    int range_set;               /* view.range given: the map's fixed scale */
    double range_lo, range_hi;
    int range_log;
} cr_scene;

typedef struct cr_lecture {
    int n;
    cr_scene scene[CR_LECTURE_MAX];
} cr_lecture;

/* Parse a lecture from text (origin names it in messages) into *out. */
int cr_lecture_parse(const char *text, const char *origin, cr_lecture *out, char *err,
                     size_t errlen);
/* Read and parse a file; *out is malloc'ed (NULL on error). */
int cr_lecture_load(const char *path, cr_lecture **out, char *err, size_t errlen);

/* "fig1" → 1, "fig2" → 2, "fig3" → 3, "all" → 0; -1 otherwise. */
int cr_focus_parse(const char *name);

#endif
