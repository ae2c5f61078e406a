/* session_actions.c — what the user can do to a session
 * (view/session.h): parameters, presets, toggles, and the overlays and
 * selection the front end shows, each through the session, the one writer
 * of the view. */
#include "config.h"

#include "view/session.h"

#include <complex.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"
#include "colres/trajectory.h"
#include "view/frame.h"
#include "view/mech.h"
#include "view/preset.h"
#include "session_impl.h"

/* ---- what the user can do ------------------------------------------------------- */

int cr_session_set_param(cr_session *s, int id, double value)
{
    char err[256];
    cr_params p = s->view->params;
    cr_param_put(&p, id, value);
    if (cr_params_validate(&p, err, sizeof err) != CR_OK) {
        cr_session_status(s, "%s", err);
        return -1;
    }
    cr_session_params_changed(s, &p);
    return 0;
}

/* A parameter by any of its names: "gamma", its symbol "Γ", or its ASCII
 * spelling "G" (as the screen shows them).  -1 if none. */
static int param_by_name(const char *name)
{
    const cr_param_info *t = cr_param_table();
    int id = cr_param_lookup(name);
    for (int i = 0; id < 0 && i < CR_P_COUNT; i++)
        if (strcmp(name, t[i].symbol) == 0 || strcmp(name, t[i].ascii) == 0)
            id = i;
    return id;
}

/* The settings that are not parameters: seed, speed, dephase.  Returns 1
 * if name is one of them (status says what happened), else 0. */
static int assign_setting(cr_session *s, const char *name, const char *value)
{
    char *end;
    cr_view *v = s->view;
    if (strcmp(name, "seed") == 0) {
        errno = 0;
        unsigned long seed = strtoul(value, &end, 10);
        if (*value == '\0' || *end != '\0' || errno != 0 || seed > 4294967295ul || value[0] == '-')
            cr_session_status(s, "invalid seed \"%s\": valid are 0..4294967295 (kept %lu)", value,
                              v->seed);
        else {
            cr_session_start_trajectory(s, seed);
            cr_session_post_request(s);
            cr_session_status(s, "seed = %lu: a new trajectory", seed);
        }
        return 1;
    }
    if (strcmp(name, "speed") == 0) {
        double x = strtod(value, &end);
        if (*value == '\0' || *end != '\0' || !(x >= 0.625 && x <= 1e5))
            cr_session_status(s, "invalid speed \"%s\": valid are 0.625..1e5 collisions/s "
                              "(kept %g)", value, v->speed);
        else {
            v->speed = x;
            cr_session_status(s, "speed = %g collisions/s", x);
        }
        return 1;
    }
    if (strcmp(name, "dephase") == 0 || strcmp(name, "D") == 0) {
        int on = strcmp(value, "1") == 0 || strcmp(value, "on") == 0;
        int off = strcmp(value, "0") == 0 || strcmp(value, "off") == 0;
        if (!on && !off)
            cr_session_status(s, "invalid dephase \"%s\": valid are on, off, 1, 0", value);
        else if (on != v->dephase)
            cr_session_toggle_dephase(s);
        else
            cr_session_status(s, "dephasing D is %s already", on ? "on" : "off");
        return 1;
    }
    return 0;
}

int cr_session_assign(cr_session *s, const char *text)
{
    char err[256], buf[4096]; /* room for an 8×8 coupling */
    const cr_param_info *info = cr_param_table();
    snprintf(buf, sizeof buf, "%s", text);
    char *eq = strchr(buf, '=');
    const char *name = info[s->view->slider_param[s->view->selected]].name, *value = buf;
    if (eq != NULL) {
        *eq = '\0';
        name = buf;
        value = eq + 1;
        while (*name == ' ')
            name++;
        for (char *e = eq - 1; e >= buf && *e == ' '; e--)
            *e = '\0';
    }
    while (*value == ' ')
        value++;
    for (char *e = (char *)value + strlen(value); e > value && e[-1] == ' ';)
        *--e = '\0';
    /* "D" is Δ's ASCII name; "D=on" and "D=off" mean the dephasing. */
    if ((strcmp(name, "D") != 0 || !isalpha((unsigned char)value[0]))
        && param_by_name(name) >= 0)
        name = info[param_by_name(name)].name;
    else if (assign_setting(s, name, value))
        return 0;
    cr_params p = s->view->params;
    if (cr_params_set(&p, name, value, err, sizeof err) != CR_OK
        || cr_params_validate(&p, err, sizeof err) != CR_OK) {
        cr_session_status(s, "%s (kept the old value)", err);
        return -1;
    }
    cr_session_params_changed(s, &p);
    cr_session_status(s, "%s = %s", name, value);
    return 0;
}

void cr_session_select(cr_session *s, int delta)
{
    cr_view *v = s->view;
    v->selected = ((v->selected + delta) % CR_VIEW_SLIDERS + CR_VIEW_SLIDERS) % CR_VIEW_SLIDERS;
}

void cr_session_move_slider(cr_session *s, int steps)
{
    cr_view *v = s->view;
    int id = v->slider_param[v->selected];
    cr_session_set_param(s, id, cr_view_slider_step(v, v->selected,
                                                    cr_param_get(&v->params, id), steps));
}

void cr_session_reset(cr_session *s)
{
    cr_view *v = s->view;
    v->selected = 0;
    v->speed = s->start.speed;
    v->paused = 0;
    v->dephase = s->start.dephase;
    v->plane = s->start.plane;
    v->cmp_n = s->start.compare ? CR_SCREEN_CMP_N : 0;
    v->show_first = s->start.show_first;
    v->show_rough = s->start.show_rough;
    v->heat_log = s->start.heat_log;
    v->heat_lock = 0;
    snprintf(v->caption, sizeof v->caption, "%s", s->start.caption);
    s->preset[0] = '\0';
    cr_ntraj_set_dephase(s->traj, v->dephase);
    (void)cr_mech_set_k(s->mech, &v->mech, s->start.ensemble > 1 ? s->start.ensemble : 1);
    cr_session_start_trajectory(s, s->start.seed);
    cr_session_params_changed(s, &s->start.params);
    cr_session_status(s, "reset to the start-up parameters");
}

int cr_session_preset(cr_session *s, const char *name)
{
    char err[512];
    cr_params p;
    cr_preset_view pv = { 0 };
    cr_params_default(&p);
    char *path = s->start.find_preset != NULL ? s->start.find_preset(name) : NULL;
    /* Without the preset files the built-in defaults are the paper's. */
    int st = CR_OK;
    if (path != NULL) {
        st = cr_params_load_file(&p, path, err, sizeof err);
        if (st == CR_OK)
            st = cr_preset_view_load(path, &pv, err, sizeof err);
    }
    free(path);
    if (st != CR_OK) {
        cr_session_status(s, "%s", err);
        return -1;
    }
    /* The amplitude model is the user's choice, not the figure's. */
    p.amplitudes = s->view->params.amplitudes;
    cr_session_stage(s, &p, &pv, name);
    cr_session_status(s, "preset %s (kept %s amplitudes; a switches)", name,
                      p.amplitudes == CR_AMP_EXACT ? "exact" : "approx");
    return 0;
}

void cr_session_stage(cr_session *s, const cr_params *params, const cr_preset_view *pv,
                      const char *name)
{
    cr_params p = *params;
    cr_view *v = s->view;
    cr_session_opts o = s->start;
    o.plane = v->plane;
    o.compare = 0;
    o.dephase = 0;
    o.show_first = v->show_first;
    o.show_rough = v->show_rough;
    o.heat_log = -1;
    o.caption[0] = '\0';
    cr_session_opts_preset(&o, pv);
    v->plane = o.plane;
    v->cmp_n = o.compare ? CR_SCREEN_CMP_N : 0;
    v->dephase = o.dephase;
    v->show_first = o.show_first;
    v->show_rough = o.show_rough;
    v->heat_log = o.heat_log;
    v->heat_lock = 0;
    snprintf(v->caption, sizeof v->caption, "%s", o.caption);
    snprintf(s->preset, sizeof s->preset, "%s", name);
    cr_ntraj_set_dephase(s->traj, v->dephase);
    cr_session_start_trajectory(s, v->seed + 1);
    cr_session_params_changed(s, &p);
}

void cr_session_set_focus(cr_session *s, int focus)
{
    cr_view *v = s->view;
    if (focus >= 1 && focus <= 3)
        v->focus_last = focus;
    /* The map follows its panel's size: a new request if that changes. */
    int onx, ony, nx, ny;
    cr_frame_heat_size(v, v->plane, s->width, s->height, &onx, &ony);
    v->focus = focus;
    cr_frame_heat_size(v, v->plane, s->width, s->height, &nx, &ny);
    if (s->posted && (nx != onx || ny != ony))
        cr_session_post_request(s);
}

void cr_session_toggle_focus(cr_session *s)
{
    cr_view *v = s->view;
    cr_session_set_focus(s, v->focus != 0 ? 0 : v->focus_last >= 1 ? v->focus_last : 2);
}

const char *cr_session_preset_name(const cr_session *s)
{
    return s->preset;
}

void cr_session_toggle_pause(cr_session *s)
{
    s->view->paused = !s->view->paused;
    s->next_frame = cr_session_now_ms();
}

void cr_session_new_trajectory(cr_session *s)
{
    cr_session_start_trajectory(s, s->view->seed + 1);
    cr_session_post_request(s);
    cr_session_status(s, "new trajectory, seed %lu", s->view->seed);
}

void cr_session_scale_speed(cr_session *s, double factor)
{
    cr_view *v = s->view;
    v->speed = fmin(fmax(v->speed * factor, 0.625), 1e5);
    cr_session_status(s, "speed %g collisions/s", v->speed);
}

void cr_session_toggle_dephase(cr_session *s)
{
    cr_view *v = s->view;
    v->dephase = !v->dephase;
    cr_ntraj_set_dephase(s->traj, v->dephase);
    cr_mech_set_dephase(s->mech, v->dephase);
    cr_mech_cmp_update(s->mech, &v->mech, v->cmp_n > 0, v->dephase);
    for (int k = 0; k < CR_SCREEN_CMP_N; k++)
        cr_ntraj_set_dephase(s->cmp[k], v->dephase || v->cmp[k].dephase);
    cr_session_params_changed(s, &v->params); /* the mean, the numbers and Fig. 2 use D·S */
    cr_session_status(s, v->dephase ? "dephasing D on: every collision is D·S, so the steady "
                                      "state is thermal at every Γ (Eq. 4)"
                                    : "dephasing D off");
}

void cr_session_toggle_compare(cr_session *s)
{
    cr_view *v = s->view;
    v->cmp_n = v->cmp_n > 0 ? 0 : CR_SCREEN_CMP_N;
    cr_session_start_trajectory(s, v->seed);
    cr_session_post_request(s);
    cr_session_status(s, v->cmp_n > 0 ? "compare: trajectories at Γ = 10, 5, 1 and 10 with D, "
                                        "one seed (Fig. 1)" : "compare off: one trajectory");
}

void cr_session_toggle_amplitudes(cr_session *s)
{
    cr_params p = s->view->params;
    p.amplitudes = p.amplitudes == CR_AMP_EXACT ? CR_AMP_APPROX : CR_AMP_EXACT;
    cr_session_params_changed(s, &p);
    if (p.amplitudes == CR_AMP_EXACT)
        s->exact_gen = s->gen;
    cr_session_status(s, "%s amplitudes", p.amplitudes == CR_AMP_EXACT ? "exact" : "approx");
}

void cr_session_toggle_first(cr_session *s)
{
    cr_view *v = s->view;
    v->show_first = !v->show_first;
    cr_session_status(s, "first-order overlay (Eq. 14) %s", v->show_first ? "on" : "off");
}

void cr_session_toggle_rough(cr_session *s)
{
    cr_view *v = s->view;
    v->show_rough = !v->show_rough;
    if (v->show_rough)
        cr_session_status(s, "rough estimate (Eq. 24, s = %g) on: |%s| curves on a log axis, "
                          "populations hidden (g: back)", v->params.rough_s,
                          v->ascii ? "rho01" : "ρ01");
    else
        cr_session_status(s, "rough estimate off: populations on a linear axis");
}

void cr_session_next_plane(cr_session *s)
{
    cr_view *v = s->view;
    cr_plane ax;
    v->plane = (v->plane + 1) % CR_PLANE_COUNT;
    cr_plane_get(v->plane, &ax);
    cr_session_post_request(s);
    cr_session_status(s, "heat map: %s", v->ascii ? ax.ascii : ax.name);
}

void cr_session_next_quantity(cr_session *s)
{
    cr_view *v = s->view;
    cr_view_set_quantity(v, (v->quantity + 1) % CR_Q_COUNT);
    cr_session_post_request(s);
    static const char *const what[CR_Q_COUNT] = {
        "|rho01|", "coherence: sum of |rho_jk|, j != k", "trace distance to thermal"
    };
    cr_session_status(s, "shown: %s", what[v->quantity]);
}

void cr_session_toggle_heat_log(cr_session *s)
{
    cr_view *v = s->view;
    cr_heat_scale now;
    int was_log = cr_view_heat_scale(v, &now) == 0 ? now.log : v->heat_log == 1;
    v->heat_log = !was_log;
    if (v->heat_lock) { /* a locked scale changes its kind, keeps its range */
        v->heat_locked.log = v->heat_log;
        if (v->heat_log && !(v->heat_locked.lo > 0))
            v->heat_locked.lo = v->heat_locked.hi * 1e-3;
    }
    cr_session_status(s, "heat map colour scale: %s", v->heat_log ? "log" : "linear");
}

void cr_session_toggle_heat_lock(cr_session *s)
{
    cr_view *v = s->view;
    if (!v->heat_lock && cr_view_heat_scale(v, &v->heat_locked) != 0) {
        cr_session_status(s, "no heat map to lock the scale of yet");
        return;
    }
    v->heat_lock = !v->heat_lock;
    if (v->heat_lock)
        cr_session_status(s, "heat map colour scale locked at %.3g..%.3g%s: equal colours, "
                          "equal values", v->heat_locked.lo, v->heat_locked.hi,
                          v->heat_locked.log ? " (log)" : "");
    else
        cr_session_status(s, "heat map colour scale fitted to the values again");
}

/* The converted dimensionless parameters go to the sliders.  The amplitude
 * model and λ are not physical units, so they stay as they are. */
void cr_session_apply_units(cr_session *s)
{
    char err[256];
    cr_view *v = s->view;
    cr_params p = v->units.params;
    p.amplitudes = v->params.amplitudes;
    p.lambda = v->params.lambda;
    if (!v->have_units || cr_params_validate(&p, err, sizeof err) != CR_OK) {
        cr_session_status(s, "cannot apply the units: %s (kept the old values)",
                          v->have_units ? err : "no conversion");
        return;
    }
    cr_session_params_changed(s, &p);
    int outside = 0;
    for (int i = 0; i < CR_VIEW_SLIDERS; i++) {
        double x = cr_param_get(&p, v->slider_param[i]);
        outside |= x < v->slider_min[i] || x > v->slider_max[i];
    }
    cr_session_status(s, "applied the physical example: %s %.3g %s %.3g m %.3g%s",
                      v->ascii ? "G" : "Γ", p.gamma, v->ascii ? "beta" : "β", p.beta,
                      p.mass, outside ? " (beyond some slider ranges; r resets)" : "");
}

/* ---- what the front end shows over the frame ------------------------------ */

void cr_session_clear_status(cr_session *s)
{
    s->view->status[0] = '\0';
}

void cr_session_set_help(cr_session *s, const char *const *lines, int n)
{
    cr_view *v = s->view;
    v->help_n = n < 0 ? 0 : n > CR_VIEW_HELP_MAX ? CR_VIEW_HELP_MAX : n;
    for (int i = 0; i < v->help_n; i++)
        v->help[i] = lines[i];
    v->help_top = 0;
}

void cr_session_show_help(cr_session *s, int on)
{
    s->view->show_help = on != 0;
    s->view->help_top = 0;
}

void cr_session_scroll_help(cr_session *s, int step, int rows)
{
    cr_view *v = s->view;
    int top = v->help_top + step;
    if (top > v->help_n - rows)
        top = v->help_n - rows;
    v->help_top = top < 0 ? 0 : top;
}

void cr_session_show_units(cr_session *s, int on)
{
    s->view->show_units = on != 0;
}

void cr_session_show_warnings(cr_session *s, int on)
{
    s->view->show_warnings = on != 0;
}

void cr_session_set_light(cr_session *s, int light)
{
    s->view->light = light != 0;
}

void cr_session_select_slider(cr_session *s, int slider)
{
    if (slider >= 0 && slider < CR_VIEW_SLIDERS)
        s->view->selected = slider;
}
