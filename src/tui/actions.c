/* actions.c — what keys, the value prompt and the mouse do in the TUI.
 * Dispatch goes through the one key table of keys.c. */
#include "config.h"

#include "app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "colres/model.h"
#include "colres/status.h"
#include "export.h"

/* ---- keys ---------------------------------------------------------------- */

static int load_preset(tui *t, const char *name, int plane)
{
    char err[512];
    cr_params p;
    cr_params_default(&p);
    char *path = cli_find_preset(name);
    /* Without the preset files the built-in defaults are the paper's. */
    if (path != NULL && cr_params_load_file(&p, path, err, sizeof err) != CR_OK) {
        free(path);
        tui_set_status(t, "%s", err);
        return -1;
    }
    free(path);
    /* The amplitude model is the user's choice, not the figure's. */
    p.amplitudes = t->params.amplitudes;
    t->params = p;
    t->plane = plane;
    tui_new_trajectory(t, t->seed + 1);
    tui_params_changed(t);
    tui_set_status(t, "preset %s (kept %s amplitudes; a switches)", name,
                   p.amplitudes == CR_AMP_EXACT ? "exact" : "approx");
    return 0;
}

static void reset_all(tui *t)
{
    t->params = t->params0;
    t->plane = DEFAULT_PLANE;
    t->speed = DEFAULT_SPEED;
    t->paused = 0;
    t->dephase = 0;
    t->view->selected = 0;
    t->view->speed = t->speed;
    t->view->paused = 0;
    t->view->dephase = 0;
    tui_new_trajectory(t, t->seed0);
    tui_params_changed(t);
    tui_set_status(t, "reset to the start-up parameters");
}

static void submit_prompt(tui *t)
{
    char err[256];
    const cr_param_info *info = cr_param_table();
    int id = t->view->slider_param[t->view->selected];
    char *eq = strchr(t->input, '=');
    const char *name = info[id].name, *value = t->input;
    if (eq != NULL) {
        *eq = '\0';
        name = t->input;
        value = eq + 1;
        while (*name == ' ')
            name++;
        for (char *e = eq - 1; e >= t->input && *e == ' '; e--)
            *e = '\0';
    }
    while (*value == ' ')
        value++;
    cr_params p = t->params;
    if (cr_params_set(&p, name, value, err, sizeof err) != CR_OK
        || cr_params_validate(&p, err, sizeof err) != CR_OK) {
        tui_set_status(t, "%s (kept the old value)", err);
        return;
    }
    t->params = p;
    tui_params_changed(t);
    tui_set_status(t, "%s = %s", name, value);
}

static void prompt_key(tui *t, int key)
{
    const cr_param_info *info = cr_param_table();
    int id = t->view->slider_param[t->view->selected];
    if (key == TERM_KEY_ENTER) {
        t->prompting = 0;
        submit_prompt(t);
        return;
    }
    if (key == 27) {
        t->prompting = 0;
        tui_set_status(t, "cancelled");
        return;
    }
    if (key == TERM_KEY_BACKSPACE) {
        if (t->input_len > 0)
            t->input[--t->input_len] = '\0';
    } else if (key >= 32 && key < 127 && t->input_len + 1 < sizeof t->input) {
        t->input[t->input_len++] = (char)key;
        t->input[t->input_len] = '\0';
    }
    tui_set_status(t, "%s = %s_   (Enter: set, Esc: cancel; or name=value, e.g. lambda=2)",
               t->ascii ? info[id].ascii : info[id].symbol, t->input);
}

static void move_slider(tui *t, int steps)
{
    int s = t->view->selected;
    int id = t->view->slider_param[s];
    double v = cr_view_slider_step(t->view, s, cr_param_get(&t->params, id), steps);
    tui_set_param(t, id, v);
}

/* The units panel's Enter: the converted dimensionless parameters go to
 * the sliders.  The amplitude model and λ are not physical units, so they
 * stay as they are. */
static void apply_units(tui *t)
{
    char err[256];
    cr_params p = t->view->units.params;
    p.amplitudes = t->params.amplitudes;
    p.lambda = t->params.lambda;
    if (!t->view->have_units || cr_params_validate(&p, err, sizeof err) != CR_OK) {
        tui_set_status(t, "cannot apply the units: %s (kept the old values)",
                       t->view->have_units ? err : "no conversion");
        return;
    }
    t->params = p;
    tui_params_changed(t);
    int outside = 0;
    for (int i = 0; i < CR_VIEW_SLIDERS; i++) {
        double x = cr_param_get(&p, t->view->slider_param[i]);
        outside |= x < t->view->slider_min[i] || x > t->view->slider_max[i];
    }
    tui_set_status(t, "applied the physical example: %s %.3g %s %.3g m %.3g%s",
                   t->ascii ? "G" : "Γ", p.gamma, t->ascii ? "beta" : "β", p.beta,
                   p.mass, outside ? " (beyond some slider ranges; r resets)" : "");
}

/* Keys while the units panel is open: Enter applies, u / Esc close; any
 * other key closes it and then does its usual job.  Returns 1 if used. */
static int units_key(tui *t, int key, int action)
{
    t->view->show_units = 0;
    t->dirty = 1;
    if (key == TERM_KEY_ENTER) {
        apply_units(t);
        return 1;
    }
    return action == TUI_ACT_UNITS || action == TUI_ACT_QUIT || key == 27;
}

/* Keys while the help is open: Up/Down/PgUp/PgDn scroll it when it does
 * not fit; any other key closes it (? / F1 / q / Esc only close it). */
static int help_key(tui *t, int key, int action)
{
    cr_view *v = t->view;
    int rows = cr_frame_help_rows(t->height), step = 0;
    if (rows > 0 && rows < v->help_n) {
        step = key == TERM_KEY_DOWN ? 1 : key == TERM_KEY_UP ? -1
             : key == TERM_KEY_PGDN ? rows : key == TERM_KEY_PGUP ? -rows : 0;
    }
    t->dirty = 1;
    if (step != 0) {
        v->help_top += step;
        if (v->help_top > v->help_n - rows)
            v->help_top = v->help_n - rows;
        if (v->help_top < 0)
            v->help_top = 0;
        return 1;
    }
    v->show_help = 0;
    return action == TUI_ACT_HELP || action == TUI_ACT_QUIT || key == 27;
}

static void do_action(tui *t, int action)
{
    cr_view *v = t->view;
    switch (action) {
    case TUI_ACT_SLIDER_PREV: v->selected = (v->selected + CR_VIEW_SLIDERS - 1) % CR_VIEW_SLIDERS; break;
    case TUI_ACT_SLIDER_NEXT: v->selected = (v->selected + 1) % CR_VIEW_SLIDERS; break;
    case TUI_ACT_DEC: move_slider(t, -1); break;
    case TUI_ACT_INC: move_slider(t, 1); break;
    case TUI_ACT_DEC_COARSE: move_slider(t, -10); break;
    case TUI_ACT_INC_COARSE: move_slider(t, 10); break;
    case TUI_ACT_ENTER_VALUE:
        t->prompting = 1;
        t->input_len = 0;
        t->input[0] = '\0';
        prompt_key(t, 0);
        break;
    case TUI_ACT_RESET: reset_all(t); break;
    case TUI_ACT_PRESET1: load_preset(t, "fig1", t->plane); break;
    case TUI_ACT_PRESET2: load_preset(t, "fig2", t->plane); break;
    case TUI_ACT_PRESET3: load_preset(t, "fig3-dx-delta", CR_PLANE_DX_DELTA); break;
    case TUI_ACT_PAUSE:
        t->paused = !t->paused;
        v->paused = t->paused;
        t->next_frame = tui_now_ms();
        break;
    case TUI_ACT_NEW_TRAJ:
        tui_new_trajectory(t, t->seed + 1);
        tui_post(t);
        tui_set_status(t, "new trajectory, seed %lu", t->seed);
        break;
    case TUI_ACT_FASTER:
    case TUI_ACT_SLOWER:
        t->speed *= action == TUI_ACT_FASTER ? 2.0 : 0.5;
        t->speed = fmin(fmax(t->speed, 0.625), 1e5);
        v->speed = t->speed;
        tui_set_status(t, "speed %g collisions/s", t->speed);
        break;
    case TUI_ACT_DEPHASE:
        t->dephase = !t->dephase;
        v->dephase = t->dephase;
        cr_traj_set_dephase(t->traj, t->dephase);
        tui_set_status(t, "dephasing D %s", t->dephase ? "on" : "off");
        break;
    case TUI_ACT_AMPLITUDES:
        t->params.amplitudes = t->params.amplitudes == CR_AMP_EXACT ? CR_AMP_APPROX : CR_AMP_EXACT;
        tui_params_changed(t);
        if (t->params.amplitudes == CR_AMP_EXACT)
            t->exact_gen = t->gen;
        tui_set_status(t, "%s amplitudes", t->params.amplitudes == CR_AMP_EXACT ? "exact" : "approx");
        break;
    case TUI_ACT_OVERLAY_FIRST:
        v->show_first = !v->show_first;
        tui_set_status(t, "first-order overlay (Eq. 14) %s", v->show_first ? "on" : "off");
        break;
    case TUI_ACT_OVERLAY_ROUGH:
        v->show_rough = !v->show_rough;
        if (v->show_rough)
            tui_set_status(t, "rough estimate (Eq. 24, s = %g) on: |%s| curves on a log axis, "
                           "populations hidden (g: back)", t->params.rough_s,
                           t->ascii ? "rho01" : "ρ01");
        else
            tui_set_status(t, "rough estimate off: populations on a linear axis");
        break;
    case TUI_ACT_UNITS: v->show_units = !v->show_units; break;
    case TUI_ACT_HEAT_PLANE: {
        cr_heat_axes ax;
        t->plane = (t->plane + 1) % CR_PLANE_COUNT;
        cr_heat_plane_axes(t->plane, &ax);
        tui_post(t);
        tui_set_status(t, "heat map: %s", t->ascii ? ax.ascii : ax.name);
        break;
    }
    case TUI_ACT_EXPORT: {
        char msg[CR_VIEW_TEXT];
        tui_export(v, msg, sizeof msg);
        tui_set_status(t, "%s", msg);
        break;
    }
    case TUI_ACT_SAVE: {
        char msg[CR_VIEW_TEXT];
        tui_save_settings(&t->params, t->config_path, msg, sizeof msg);
        tui_set_status(t, "%s", msg);
        break;
    }
    case TUI_ACT_THEME:
        t->light = !t->light;
        v->light = t->light;
        term_set_theme(t->light);
        break;
    case TUI_ACT_HELP:
        v->show_help = !v->show_help;
        v->help_top = 0;
        break;
    case TUI_ACT_REDRAW: term_invalidate(); break;
    case TUI_ACT_QUIT: t->quit = 1; break;
    default: break;
    }
    t->dirty = 1;
}

static void mouse_event(tui *t, const term_event *ev)
{
    if (ev->release) {
        t->dragging = 0;
        return;
    }
    if (!ev->press && !(ev->drag && t->dragging))
        return;
    int slider;
    double value = NAN;
    if (!cr_frame_slider_at(t->view, t->width, t->height, ev->mx, ev->my, &slider, &value))
        return;
    t->dragging = 1;
    t->view->selected = slider;
    t->dirty = 1;
    if (value == value)
        tui_set_param(t, t->view->slider_param[slider], value);
}

void tui_handle_event(tui *t, const term_event *ev)
{
    if (ev->key == TERM_KEY_RESIZE) {
        /* curses has resized already (resizeterm queues this key). */
        t->dirty = 1;
        return;
    }
    if (ev->key == TERM_KEY_MOUSE) {
        mouse_event(t, ev);
        return;
    }
    if (t->prompting) {
        prompt_key(t, ev->key);
        return;
    }
    int action = tui_key_action(ev->key);
    if (t->view->show_help && help_key(t, ev->key, action))
        return;
    if (t->view->show_units && units_key(t, ev->key, action))
        return;
    if (action != TUI_ACT_NONE && action != TUI_ACT_HELP)
        t->view->status[0] = '\0';
    do_action(t, action);
}

