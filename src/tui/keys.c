/* keys.c — the key table: dispatch and help text from one place. */
#include "config.h"

#include "keys.h"

#include <stdio.h>
#include <string.h>

#include "term.h"

typedef struct binding {
    int key;
    const char *label; /* as shown in the help */
    int action;
} binding;

static const binding bindings[] = {
    { TERM_KEY_UP, "Up", TUI_ACT_SLIDER_PREV },
    { TERM_KEY_BTAB, "S-Tab", TUI_ACT_SLIDER_PREV },
    { TERM_KEY_DOWN, "Down", TUI_ACT_SLIDER_NEXT },
    { '\t', "Tab", TUI_ACT_SLIDER_NEXT },
    { TERM_KEY_LEFT, "Left", TUI_ACT_DEC },
    { TERM_KEY_RIGHT, "Right", TUI_ACT_INC },
    { TERM_KEY_PGDN, "PgDn", TUI_ACT_DEC_COARSE },
    { TERM_KEY_PGUP, "PgUp", TUI_ACT_INC_COARSE },
    { TERM_KEY_ENTER, "Enter", TUI_ACT_ENTER_VALUE },
    { 'r', "r", TUI_ACT_RESET },
    { '1', "1", TUI_ACT_PRESET1 },
    { '2', "2", TUI_ACT_PRESET2 },
    { '3', "3", TUI_ACT_PRESET3 },
    { 'f', "f", TUI_ACT_FOCUS },
    { ']', "]", TUI_ACT_SCENE_NEXT },
    { '[', "[", TUI_ACT_SCENE_PREV },
    { ' ', "Space", TUI_ACT_PAUSE },
    { 'n', "n", TUI_ACT_NEW_TRAJ },
    { '+', "+", TUI_ACT_FASTER },
    { '=', "=", TUI_ACT_FASTER },
    { '-', "-", TUI_ACT_SLOWER },
    { 'd', "d", TUI_ACT_DEPHASE },
    { 'c', "c", TUI_ACT_COMPARE },
    { '.', ".", TUI_ACT_STEP },
    { 'E', "E", TUI_ACT_ENSEMBLE },
    { 'p', "p", TUI_ACT_PAIR },
    { 'a', "a", TUI_ACT_AMPLITUDES },
    { 'o', "o", TUI_ACT_OVERLAY_FIRST },
    { 'g', "g", TUI_ACT_OVERLAY_ROUGH },
    { 'w', "w", TUI_ACT_WARNINGS },
    { 'u', "u", TUI_ACT_UNITS },
    { 'h', "h", TUI_ACT_HEAT_PLANE },
    { 'v', "v", TUI_ACT_QUANTITY },
    { 'l', "l", TUI_ACT_HEAT_LOG },
    { 'k', "k", TUI_ACT_HEAT_LOCK },
    { 'e', "e", TUI_ACT_EXPORT },
    { 's', "s", TUI_ACT_SAVE },
    { 't', "t", TUI_ACT_THEME },
    { 'i', "i", TUI_ACT_TIMINGS },
    { '?', "?", TUI_ACT_HELP },
    { TERM_KEY_F1, "F1", TUI_ACT_HELP },
    { 12, "C-l", TUI_ACT_REDRAW },
    { 'q', "q", TUI_ACT_QUIT },
    { 'Q', "Q", TUI_ACT_QUIT },
};

static const char *const action_help[TUI_ACT_COUNT] = {
    [TUI_ACT_NONE] = "",
#define TUI_ACTION_HELP_(name, help) [TUI_ACT_##name] = help,
    TUI_ACTION_TABLE(TUI_ACTION_HELP_)
#undef TUI_ACTION_HELP_
};

/* What each panel, line and glyph means (UTF-8 glyph / ASCII glyph). */
static const char *const legend[] = {
    "",
    "What the screen shows",
    "Fig. 2   steady state against Γ: ρ00 (━ / o) on its own axis, the thermal",
    "         value dashed (╌ / -) and labelled, ◆ / X the sliders' point;",
    "         |ρ01| (*) below, with its first order in Γ (· / ., Eq. 14) and",
    "         the rough estimate (≈ / ~, Eq. 24, key g); ┆ / : the current Γ",
    "         Γ=Δ/ħ on its axis: collisions as fast as the qubit precesses",
    "Fig. 1   ρ00 of one trajectory, a step after each collision (⣿ / #), in",
    "         front of the mean over all trajectories e^ℒt ρ(0) (· / .);",
    "         key c: four trajectories, Γ = 10, 5, 1 and 10 with D, one seed,",
    "         each Γ's mean dotted behind it.  Beside it where Fig. 1 is large",
    "         (from 120x40) the ρ01 plane: ● the trajectory's ρ01, turning",
    "         between collisions; • an ensemble (key E), ■ its mean, + that",
    "         of e^ℒt ρ(0), ◆ the steady state's",
    "Fig. 3   |ρ01| of the steady state over two parameters (h: the plane),",
    "         X the sliders' point, ◀ ▶ / < > when it is off the axes; the",
    "         colour bar gives the range, 'log' on a log scale (l; k locks it)",
    "N levels --levels, --coupling: Fig. 2 shows every population ρjj (digit",
    "         glyphs) with its thermal value dashed; the numbers the levels",
    "         and the coupling C (V = λC); key v: the coherence quantity",
    "numbers  ρ00, ρ11, ρ01 of the steady state; first order: Eq. 14 at this Γ;",
    "         distance: the trace distance ½‖ρ − ρ_th‖₁ to the thermal state",
    "D        dephasing: the coherences are erased after each collision (Eq. 3);",
    "         then the steady state is thermal at every Γ (Eq. 4)",
    "e_max    the top energy of H_S + V: with approx amplitudes (Eq. S1) a",
    "         slower particle does not scatter at all (key a: exact amplitudes)",
    "!        a warning about the model's assumptions (w: read them whole)",
};

int tui_key_action(int key)
{
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (bindings[i].key == key)
            return bindings[i].action;
    return TUI_ACT_NONE;
}

int tui_help_lines(char lines[][TUI_HELP_WIDTH], int max)
{
    int n = 0;
    for (int a = TUI_ACT_NONE + 1; a < TUI_ACT_COUNT && n < max; a++) {
        char keys[40] = "";
        for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
            if (bindings[i].action != a)
                continue;
            size_t len = strlen(keys);
            snprintf(keys + len, sizeof keys - len, "%s%s", len > 0 ? " " : "",
                     bindings[i].label);
        }
        snprintf(lines[n++], TUI_HELP_WIDTH, "%-12s %s", keys, action_help[a]);
    }
    if (n < max)
        snprintf(lines[n++], TUI_HELP_WIDTH, "%-12s %s", "mouse", "click or drag a slider");
    for (size_t i = 0; i < sizeof legend / sizeof legend[0] && n < max; i++)
        snprintf(lines[n++], TUI_HELP_WIDTH, "%s", legend[i]);
    return n;
}
