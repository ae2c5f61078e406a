/*
 * keys.h — the TUI's key bindings: one table of {key, action, help text}
 * that drives both dispatch and the help overlay, so the help can never
 * drift from the bindings (tig's way).
 *
 * Keys are the codes of term.h (code points, or enum term_key).
 * Threads: read-only tables; any thread.  Errors: none.
 */
#ifndef COLRES_TUI_KEYS_H
#define COLRES_TUI_KEYS_H

/* action, help text */
#define TUI_ACTION_TABLE(X)                                                     \
    X(SLIDER_PREV, "select the previous slider")                              \
    X(SLIDER_NEXT, "select the next slider")                                  \
    X(DEC, "decrease the selected value (log steps on Γ, Δx, β, m)")          \
    X(INC, "increase the selected value")                                     \
    X(DEC_COARSE, "decrease by ten steps")                                    \
    X(INC_COARSE, "increase by ten steps")                                    \
    X(ENTER_VALUE, "type a value, or name=value (e.g. lambda=2, x0=-8)")      \
    X(RESET, "reset everything to the defaults (speed too)")                  \
    X(PRESET1, "Fig. 1: trajectories at Γ = 10, 5, 1 and 10 with D")          \
    X(PRESET2, "Fig. 2: the steady state leaves thermal as Γ grows")          \
    X(PRESET3, "Fig. 3: |ρ01| maps; again: the next of its three panels")    \
    X(FOCUS, "the staged figure alone (1 2 3 stage one) / all three figures") \
    X(SCENE_NEXT, "lecture (--lecture): next scene")                          \
    X(SCENE_PREV, "lecture: previous scene")                                  \
    X(PAUSE, "pause / run the trajectory")                                    \
    X(NEW_TRAJ, "new trajectory from the excited state (new seed)")           \
    X(FASTER, "trajectory faster")                                            \
    X(SLOWER, "trajectory slower")                                            \
    X(DEPHASE, "dephasing D after each collision on / off (Eq. 3)")           \
    X(COMPARE, "compare trajectories at Γ = 10, 5, 1 and 10 with D")          \
    X(STEP, "pause; run to the next collision, ρ01 turning on the way")       \
    X(ENSEMBLE, "ensemble: 1, 16, 64, 256, 1024, 4096 trajectories together") \
    X(PAIR, "coherence plane: the next pair ρjk (N levels)")                  \
    X(AMPLITUDES, "approx (Eq. S1) / exact amplitudes")                       \
    X(OVERLAY_FIRST, "first-order |ρ01| overlay (Eq. 14) on / off")           \
    X(OVERLAY_ROUGH, "rough-estimate overlay (Eq. 24) on / off: |ρ01| log axis") \
    X(WARNINGS, "read the warnings in full")                                  \
    X(UNITS, "physical units of the paper's example (Enter applies them)")    \
    X(HEAT_PLANE, "next heat-map plane: Γ–Δ, Δx–Δ, Δx–Γ")                     \
    X(QUANTITY, "coherence shown: |ρ01|, Σ|ρjk| (j ≠ k), distance to thermal")  \
    X(HEAT_LOG, "heat-map colour scale: log / linear")                        \
    X(HEAT_LOCK, "lock the heat-map colour scale while sliders move")         \
    X(EXPORT, "export the shown series to CSV (+ .params)")                   \
    X(SAVE, "save the parameters to the config file read at start-up")       \
    X(THEME, "light (projector) / dark theme")                                \
    X(TIMINGS, "solver timings in the status line on / off (--verbose)")      \
    X(HELP, "show / hide this help")                                          \
    X(REDRAW, "redraw the screen")                                            \
    X(QUIT, "quit")

enum tui_action {
    TUI_ACT_NONE = 0,
#define TUI_ACTION_ENUM_(name, help) TUI_ACT_##name,
    TUI_ACTION_TABLE(TUI_ACTION_ENUM_)
#undef TUI_ACTION_ENUM_
    TUI_ACT_COUNT
};

/* The action bound to a key, or TUI_ACT_NONE. */
int tui_key_action(int key);

/* Help overlay lines ("keys  help"), one per action, built from the table;
 * returns how many were written (<= max). */
#define TUI_HELP_WIDTH 96
int tui_help_lines(char lines[][TUI_HELP_WIDTH], int max);

#endif
