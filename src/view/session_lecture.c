/*
 * session_lecture.c — a lecture's scenes on the session (view/session.h,
 * view/lecture.h): a scene stages its parameters and screen like a preset,
 * then sets the focus, a fixed colour scale for the map, its words and the
 * series it hides until the class has predicted them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "view/lecture.h"
#include "view/session.h"
#include "session_impl.h"

int cr_session_scene(cr_session *s, const cr_lecture *lec, int k)
{
    if (lec == NULL || k < 0 || k >= lec->n)
        return -1;
    const cr_scene *sc = &lec->scene[k];
    char name[64];
    snprintf(name, sizeof name, "scene %d", k + 1);
    cr_session_stage(s, &sc->params, &sc->view, name);
    cr_view *v = s->view;
    if (sc->focus >= 0)
        cr_session_set_focus(s, sc->focus);
    if (sc->range_set) { /* equal colours mean equal values across the scene */
        v->heat_lock = 1;
        v->heat_log = sc->range_log;
        v->heat_locked = (cr_heat_scale){ .lo = sc->range_lo, .hi = sc->range_hi,
                                          .log = sc->range_log };
    }
    if (sc->speed > 0) { /* through the prompt's setting, range-checked there */
        char set[64];
        snprintf(set, sizeof set, "speed=%.17g", sc->speed);
        cr_session_assign(s, set);
    }
    v->show_units = sc->units == 1;
    v->scene_k = k + 1;
    v->scene_n = lec->n;
    snprintf(v->scene_title, sizeof v->scene_title, "%s", sc->title);
    v->nnotes = sc->nnotes;
    memcpy(v->notes, sc->notes, sizeof v->notes);
    v->hide = sc->hide;
    snprintf(v->ask, sizeof v->ask, "%s", sc->ask);
    v->nchoices = sc->nchoices;
    memcpy(v->choices, sc->choices, sizeof v->choices);
    cr_session_status(s, "%s", "");
    return 0;
}

void cr_session_scene_aside(cr_session *s)
{
    cr_view *v = s->view;
    if (v->scene_n <= 0)
        return;
    v->hide = 0;
    v->ask[0] = '\0';
    v->nchoices = 0;
    v->nnotes = 1;
    snprintf(v->notes[0], sizeof v->notes[0], "%s", "Away from the scene: r returns to it, ] and [ go on.");
}

int cr_session_reveal(cr_session *s)
{
    cr_view *v = s->view;
    if (v->hide == 0)
        return 0;
    v->hide = 0;
    cr_session_status(s, "revealed: was your prediction right?");
    return 1;
}

void cr_session_toggle_timings(cr_session *s)
{
    cr_view *v = s->view;
    v->timings = !v->timings;
    cr_session_status(s, "solver timings %s", v->timings ? "shown" : "hidden");
}
