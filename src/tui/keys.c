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
    { ' ', "Space", TUI_ACT_PAUSE },
    { 'n', "n", TUI_ACT_NEW_TRAJ },
    { '+', "+", TUI_ACT_FASTER },
    { '=', "=", TUI_ACT_FASTER },
    { '-', "-", TUI_ACT_SLOWER },
    { 'd', "d", TUI_ACT_DEPHASE },
    { 'c', "c", TUI_ACT_COMPARE },
    { 'a', "a", TUI_ACT_AMPLITUDES },
    { 'o', "o", TUI_ACT_OVERLAY_FIRST },
    { 'g', "g", TUI_ACT_OVERLAY_ROUGH },
    { 'u', "u", TUI_ACT_UNITS },
    { 'h', "h", TUI_ACT_HEAT_PLANE },
    { 'l', "l", TUI_ACT_HEAT_LOG },
    { 'k', "k", TUI_ACT_HEAT_LOCK },
    { 'e', "e", TUI_ACT_EXPORT },
    { 's', "s", TUI_ACT_SAVE },
    { 't', "t", TUI_ACT_THEME },
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
    return n;
}
