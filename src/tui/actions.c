/* actions.c — what keys, the value prompt and the mouse do in the TUI.
 * Dispatch goes through the one key table of keys.c; what an action does
 * to the screen's state is the session's (view/session.h). */
#include "config.h"

#include "app.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "export_job.h"
#include "files.h"
#include "view/frame.h"
#include "view/lecture.h"
#include "view/words.h"

static void prompt_show(tui *t)
{
    const cr_param_info *info = cr_param_table();
    int id = t->view->slider_param[t->view->selected];
    cr_session_status(t->session,
                      "%s = %s_   (Enter sets; Esc; or name=value: lambda=2, seed=7, dephase=on)",
                      t->view->ascii ? info[id].ascii : info[id].symbol, t->input);
}

static void prompt_key(tui *t, int key)
{
    if (key == TERM_KEY_ENTER && t->input[strspn(t->input, " \t")] != '\0') {
        t->prompting = 0;
        cr_session_assign(t->session, t->input);
        return;
    }
    if (key == 27 || key == TERM_KEY_ENTER) { /* Esc, or Enter with nothing typed */
        t->prompting = 0;
        cr_session_status(t->session, "cancelled");
        return;
    }
    if (key == TERM_KEY_BACKSPACE) {
        /* a whole UTF-8 character: its continuation bytes, then its lead */
        while (t->input_len > 0 && ((unsigned char)t->input[t->input_len - 1] & 0xC0) == 0x80)
            t->input_len--;
        if (t->input_len > 0)
            t->input_len--;
        t->input[t->input_len] = '\0';
    } else if ((key >= 32 && key < 127) || (key >= 0xA0 && key < 0x110000)) {
        char enc[4];
        int n = cr_utf8_encode((uint32_t)key, enc); /* Γ=2 can be typed */
        if (t->input_len + (size_t)n < sizeof t->input) {
            memcpy(t->input + t->input_len, enc, (size_t)n);
            t->input_len += (size_t)n;
            t->input[t->input_len] = '\0';
        }
    }
    prompt_show(t);
}

/* Keys while the units panel is open: Enter applies, u / Esc close; any
 * other key closes it and then does its usual job.  Returns 1 if used. */
static int units_key(tui *t, int key, int action)
{
    cr_session_show_units(t->session, 0);
    if (key == TERM_KEY_ENTER) {
        cr_session_apply_units(t->session);
        return 1;
    }
    return action == TUI_ACT_UNITS || action == TUI_ACT_QUIT || key == 27;
}

/* Keys while the help is open: Up/Down/PgUp/PgDn scroll it when it does
 * not fit; any other key closes it (? / F1 / q / Esc only close it). */
static int help_key(tui *t, int key, int action)
{
    const cr_view *v = t->view;
    int rows = cr_frame_help_rows(t->height), step = 0;
    if (rows > 0 && rows < v->help_n) {
        step = key == TERM_KEY_DOWN ? 1 : key == TERM_KEY_UP ? -1
             : key == TERM_KEY_PGDN ? rows : key == TERM_KEY_PGUP ? -rows : 0;
    }
    if (step != 0) {
        cr_session_scroll_help(t->session, step, rows);
        return 1;
    }
    cr_session_show_help(t->session, 0);
    return action == TUI_ACT_HELP || action == TUI_ACT_QUIT || key == 27;
}

/* The actions that touch the terminal or files rather than the screen's
 * state.  Returns 1 if the action was one of them. */
static int terminal_action(tui *t, int action)
{
    char msg[CR_VIEW_TEXT];
    const cr_view *v = t->view;
    switch (action) {
    case TUI_ACT_ENTER_VALUE:
        t->prompting = 1;
        t->input_len = 0;
        t->input[0] = '\0';
        prompt_show(t);
        return 1;
    case TUI_ACT_EXPORT: {
        /* Off this thread (export_job.h); a new `e` replaces one running. */
        tui_export_opts eo = { t->export_dir, 0, 0, NULL };
        tui_export_end(t, 1);
        t->export_job = tui_export_start(v, &eo, msg, sizeof msg);
        if (t->export_job != NULL)
            cr_session_status(t->session, "exporting… (the heat map at 128×128; keys work "
                              "meanwhile, q stops it)");
        else
            cr_session_status(t->session, "%s", msg);
        return 1;
    }
    case TUI_ACT_SAVE:
        tui_save_settings(cr_session_params(t->session), t->config_path, msg, sizeof msg);
        cr_session_status(t->session, "%s", msg);
        return 1;
    case TUI_ACT_THEME:
        cr_session_set_light(t->session, !v->light);
        term_set_theme(v->light);
        return 1;
    case TUI_ACT_HELP:
        cr_session_show_help(t->session, !v->show_help);
        return 1;
    case TUI_ACT_REDRAW: term_invalidate(); return 1;
    case TUI_ACT_QUIT: t->quit = 1; return 1;
    default: return 0;
    }
}

/* The selected slider's meaning in words, in the status line. */
static void say_slider(tui *t)
{
    char buf[CR_VIEW_TEXT];
    const char *m = cr_words_param_meaning(t->view->slider_param[t->view->selected]);
    cr_session_status(t->session, "%s", t->view->ascii ? cr_words_ascii(m, buf, sizeof buf) : m);
}

/* ] and [ in a lecture: the next or previous scene, stopping at the ends. */
static void tui_scene_step(tui *t, int step)
{
    if (t->lecture == NULL) {
        cr_session_status(t->session, "no lecture: start with colres --lecture paper");
        return;
    }
    int k = t->scene + step;
    if (k < 0 || k >= t->lecture->n) {
        cr_session_status(t->session, "%s scene of %d", k < 0 ? "first" : "last",
                          t->lecture->n);
        return;
    }
    t->scene = k;
    cr_session_scene(t->session, t->lecture, k);
}

/* Key 3 walks through the three panels of Fig. 3, middle first. */
static const char *next_fig3(const char *current)
{
    static const char *const fig3[] = { "fig3-dx-delta", "fig3-dx-gamma", "fig3-gamma-delta" };
    for (int i = 0; i < 3; i++)
        if (strcmp(current, fig3[i]) == 0)
            return fig3[(i + 1) % 3];
    return fig3[0];
}

static void do_action(tui *t, int action)
{
    cr_session *s = t->session;
    if (terminal_action(t, action))
        return;
    switch (action) {
    case TUI_ACT_SLIDER_PREV: cr_session_select(s, -1); say_slider(t); break;
    case TUI_ACT_SLIDER_NEXT: cr_session_select(s, 1); say_slider(t); break;
    case TUI_ACT_DEC: cr_session_move_slider(s, -1); break;
    case TUI_ACT_INC: cr_session_move_slider(s, 1); break;
    case TUI_ACT_DEC_COARSE: cr_session_move_slider(s, -10); break;
    case TUI_ACT_INC_COARSE: cr_session_move_slider(s, 10); break;
    case TUI_ACT_RESET: /* in a lecture: the scene as it began */
        if (t->lecture != NULL)
            cr_session_scene(s, t->lecture, t->scene);
        else
            cr_session_reset(s);
        break;
    case TUI_ACT_PRESET1:
        if (cr_session_preset(s, "fig1") == 0)
            cr_session_set_focus(s, 1), cr_session_scene_aside(s);
        break;
    case TUI_ACT_PRESET2:
        if (cr_session_preset(s, "fig2") == 0)
            cr_session_set_focus(s, 2), cr_session_scene_aside(s);
        break;
    case TUI_ACT_PRESET3:
        if (cr_session_preset(s, next_fig3(cr_session_preset_name(s))) == 0)
            cr_session_set_focus(s, 3), cr_session_scene_aside(s);
        break;
    case TUI_ACT_FOCUS: cr_session_toggle_focus(s); break;
    case TUI_ACT_SCENE_NEXT: tui_scene_step(t, 1); break;
    case TUI_ACT_SCENE_PREV: tui_scene_step(t, -1); break;
    case TUI_ACT_TIMINGS: cr_session_toggle_timings(s); break;
    case TUI_ACT_PAUSE: cr_session_toggle_pause(s); break;
    case TUI_ACT_NEW_TRAJ: cr_session_new_trajectory(s); break;
    case TUI_ACT_FASTER: cr_session_scale_speed(s, 2.0); break;
    case TUI_ACT_SLOWER: cr_session_scale_speed(s, 0.5); break;
    case TUI_ACT_DEPHASE: cr_session_toggle_dephase(s); break;
    case TUI_ACT_COMPARE: cr_session_toggle_compare(s); break;
    case TUI_ACT_STEP: cr_session_step(s); break;
    case TUI_ACT_ENSEMBLE: cr_session_next_ensemble(s); break;
    case TUI_ACT_PAIR: cr_session_next_pair(s); break;
    case TUI_ACT_HEAT_LOG: cr_session_toggle_heat_log(s); break;
    case TUI_ACT_HEAT_LOCK: cr_session_toggle_heat_lock(s); break;
    case TUI_ACT_AMPLITUDES: cr_session_toggle_amplitudes(s); break;
    case TUI_ACT_OVERLAY_FIRST: cr_session_toggle_first(s); break;
    case TUI_ACT_OVERLAY_ROUGH: cr_session_toggle_rough(s); break;
    case TUI_ACT_UNITS: cr_session_show_units(s, !t->view->show_units); break;
    case TUI_ACT_WARNINGS: cr_session_show_warnings(s, !t->view->show_warnings); break;
    case TUI_ACT_HEAT_PLANE: cr_session_next_plane(s); break;
    case TUI_ACT_QUANTITY: cr_session_next_quantity(s); break;
    default: break;
    }
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
    cr_session_select_slider(t->session, slider);
    t->dirty = 1;
    if (value == value)
        cr_session_set_param(t->session, t->view->slider_param[slider], value);
}

void tui_handle_event(tui *t, const term_event *ev)
{
    t->dirty = 1;
    if (ev->key == TERM_KEY_RESIZE)
        return; /* curses has resized already (resizeterm queues this key) */
    if (ev->key == TERM_KEY_MOUSE) {
        mouse_event(t, ev);
        return;
    }
    if (t->prompting) {
        prompt_key(t, ev->key);
        return;
    }
    int action = tui_key_action(ev->key);
    if ((ev->key == ' ' || ev->key == TERM_KEY_ENTER) && !t->view->show_help
        && cr_session_reveal(t->session))
        return; /* a scene's hidden series: Space / Enter reveals it first */
    if (t->view->show_warnings) { /* any key closes the box */
        cr_session_show_warnings(t->session, 0);
        if (action == TUI_ACT_WARNINGS || action == TUI_ACT_QUIT || ev->key == 27)
            return;
    }
    if (t->view->show_help && help_key(t, ev->key, action))
        return;
    if (t->view->show_units && units_key(t, ev->key, action))
        return;
    if (action != TUI_ACT_NONE && action != TUI_ACT_HELP)
        cr_session_clear_status(t->session);
    do_action(t, action);
}
