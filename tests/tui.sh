#!/bin/sh
# tui.sh — drive the real `colres` TUI inside a private tmux server and
# assert on captured screens: the defaults are shown (Γ = 5, ρ00 ≈ 0.5323),
# a key moves the Γ slider and the shown ρ00 becomes what `colres steady`
# prints for the shown Γ, the overlay keys (g: rough estimate on a log
# axis, o: first order) change the Γ panel's legend, `u` opens and `u` /
# Esc close the units panel (exponent 0.51, the paper's closing example) and Enter in it
# applies the converted parameters, a preset keeps the amplitude model, `e`
# exports (the Γ curve's CSV has the sweep's columns), the help scrolls when
# it does not fit, resizing re-lays out (80×24 keeps the sliders, 60×20
# asks to enlarge), `q` exits with status 0, and `s` saves the parameters
# to $XDG_CONFIG_HOME/colres/colres.conf (creating the directory) so that a
# restart shows them, or says in the status line why it could not.
# Waits poll the screen with a timeout instead of sleeping blindly.
# Skips (77) without tmux.

NAME=tui
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"

fail() {
    echo "FAIL: $*"
    [ -f "$TMP/screen" ] && { echo "--- screen:"; cat "$TMP/screen"; echo "---"; }
    exit 1
}

# The tmux session the waits look at (sections 10-11 start others).
S=colres
capture() { tm capture-pane -p -t "$S" > "$TMP/screen" 2>/dev/null; }

# wait_for REGEX [TENTHS]: poll the screen until a line matches (default 10 s).
wait_for() {
    n=${2:-100}
    while [ "$n" -gt 0 ]; do
        capture && grep -Eq -- "$1" "$TMP/screen" && return 0
        sleep 0.1
        n=$((n - 1))
    done
    fail "timed out waiting for /$1/"
}

# wait_gone REGEX [TENTHS]: poll until no line matches.
wait_gone() {
    n=${2:-100}
    while [ "$n" -gt 0 ]; do
        capture && ! grep -Eq -- "$1" "$TMP/screen" && return 0
        sleep 0.1
        n=$((n - 1))
    done
    fail "timed out waiting for /$1/ to go"
}

# Shown values (ASCII mode): "> G    5.482   [...] rho00 0.53261  rho11 ...".
shown_gamma() { sed -n 's/^> G\( collision rate\)\{0,1\}  *\([0-9.e+-]*\) .*/\2/p' "$TMP/screen" | head -n 1; }
shown_rho00() { sed -n 's/.*\] rho00 \([0-9.]*\) .*/\1/p' "$TMP/screen" | head -n 1; }

# A clean environment: no user config, exports land in $TMP.
tm new-session -d -s colres -x 100 -y 30 \
    "cd '$TMP' && env -u COLRES_CONFIG XDG_CONFIG_HOME='$TMP' HOME='$TMP' '$COLRES' --ascii; echo EXIT=\$? > '$TMP/exit'; sleep 60" \
    || fail "cannot start tmux"

# 1. Defaults: Γ = 5 (selected) and ρ00 = 0.5323 (the check values: 0.5323022102).
wait_for '^> G( collision rate)? +5 '
wait_for 'rho00 0\.5323'

# 2. Right moves Γ one step up; the numbers must follow the shown Γ.
tm send-keys -t colres Right
wait_for '^> G( collision rate)? +[0-9.]+ ' 50
n=50
while [ "$n" -gt 0 ]; do
    capture
    g=$(shown_gamma)
    [ -n "$g" ] && [ "$g" != 5 ] && break
    sleep 0.1
    n=$((n - 1))
done
[ "$n" -gt 0 ] || fail "Γ did not move after Right"
expect=$(env -u COLRES_CONFIG XDG_CONFIG_HOME="$TMP" "$COLRES" steady --quiet --gamma "$g" | awk -F, 'NR == 2 { printf "%.5f", $2 }')
[ -n "$expect" ] || fail "colres steady --gamma $g printed nothing"
# The screen shows Γ rounded; a difference of one unit in the fifth decimal
# is allowed for that rounding (dρ00/dΓ ≈ 1e-3 here).
n=50
while [ "$n" -gt 0 ]; do
    capture
    r=$(shown_rho00)
    if [ -n "$r" ] && awk -v a="$r" -v b="$expect" 'BEGIN { d = a - b; exit !(d <= 1e-5 && d >= -1e-5) }'; then
        break
    fi
    sleep 0.1
    n=$((n - 1))
done
[ "$n" -gt 0 ] || fail "shown rho00 $r at Γ = $g, colres steady says $expect"
echo "ok: Γ $g shows rho00 $r (colres steady: $expect)"

# 3. Overlays: g puts the rough estimate (legend "~ rough") on a log axis
# (decade labels 1e-k); o hides the first order's legend entry ". first order"
# (the numbers panel keeps its "first order" value); both toggle back.
wait_for '\. first order'
tm send-keys -t colres g
wait_for '~ rough'
wait_for '^ *1e-[0-9]+\+'
tm send-keys -t colres o
wait_gone '\. first order'
wait_for '~ rough'
tm send-keys -t colres o g
wait_for '\. first order'
wait_gone '~ rough'
echo "ok: overlay keys g and o"

# 4. The units panel: u opens it, u closes it; Esc closes it too.
tm send-keys -t colres u
wait_for 'exponent +0\.51'
wait_for 'colres units --help converts other numbers'
wait_for '1000 proton masses'
tm send-keys -t colres u
wait_gone 'exponent +0\.51'
tm send-keys -t colres u
wait_for 'exponent +0\.51'
tm send-keys -t colres Escape
wait_gone 'exponent +0\.51'
# Enter in the panel applies the converted parameters (Γ 0.6, m 6.609e4);
# r restores the start-up ones.
tm send-keys -t colres u
wait_for 'exponent +0\.51'
tm send-keys -t colres Enter
wait_for '^applied the physical example'
wait_for '^> G( collision rate)? +0\.6 '
wait_for '^  m( particle mass)? +6\.609e\+04 '
tm send-keys -t colres r
wait_for '^> G( collision rate)? +5 '
echo "ok: units panel opens, applies and closes"

# 5. Presets keep the amplitude model (and say so); back to approx after.
tm send-keys -t colres a
wait_for 'exact amplitudes'
tm send-keys -t colres 2
wait_for 'preset fig2 \(kept exact amplitudes'
tm send-keys -t colres a
wait_for '^approx amplitudes'
echo "ok: a preset keeps the amplitude model"

# 6. Export: the status names what was written; the Γ curve's CSV has the
# columns of `colres sweep` (tests/export.sh checks the values).
wait_for '^ *0\.01 .* 100' # the Γ axis: the curve is there
tm send-keys -t colres e
wait_for '^exported steady' 1200 # the heat map is recomputed at 128x128
csv=$(ls "$TMP"/colres-steady-*.csv 2>/dev/null | head -n 1)
[ -n "$csv" ] || fail "no colres-steady-*.csv after e"
head -n 1 "$csv" | grep -q '^gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,' \
    || fail "not the columns of colres sweep: $(head -n 1 "$csv")"
echo "ok: export"

# 7. The help lists the new keys and scrolls when it does not fit (30 rows).
tm send-keys -t colres '?'
wait_for 'rough-estimate overlay'
if grep -Eq 'help 1-[0-9]+ of [0-9]+' "$TMP/screen"; then
    tm send-keys -t colres PageDown
    wait_for 'help [2-9][0-9]*-[0-9]+ of'
fi
tm send-keys -t colres q
wait_gone 'rough-estimate overlay'
[ -s "$TMP/exit" ] && fail "q in the help quit colres"
echo "ok: help"

# 8. Resizing re-lays out: 80×24 still shows the sliders, 60×20 asks to enlarge.
tm resize-window -t colres -x 80 -y 24
wait_for '^> G( collision rate)? +[0-9.]+ +\[=*O-*\] rho00'
capture
[ "$(wc -L < "$TMP/screen")" -le 80 ] || fail "layout wider than 80 columns after resize"
tm resize-window -t colres -x 60 -y 20
wait_for 'enlarge the terminal'
tm resize-window -t colres -x 100 -y 30
wait_for '^> G '
echo "ok: resize"

# 9. q quits with status 0.
tm send-keys -t colres q
n=50
while [ "$n" -gt 0 ] && [ ! -s "$TMP/exit" ]; do
    sleep 0.1
    n=$((n - 1))
done
[ -s "$TMP/exit" ] || fail "colres did not exit after q"
grep -q '^EXIT=0$' "$TMP/exit" || fail "exit status: $(cat "$TMP/exit")"
echo "ok: q exits with status 0"

# start NAME XDG_CONFIG_HOME: colres in a new session NAME (the waits then
# look at it); its exit status goes to $TMP/exit.NAME.
start() {
    S=$1
    tm new-session -d -s "$1" -x 100 -y 30 \
        "cd '$TMP' && env -u COLRES_CONFIG XDG_CONFIG_HOME='$2' HOME='$TMP' '$COLRES' --ascii; echo EXIT=\$? > '$TMP/exit.$1'; sleep 60" \
        || fail "cannot start tmux session $1"
}

# quit_ok NAME: q must end colres with status 0.
quit_ok() {
    tm send-keys -t "$1" q
    n=50
    while [ "$n" -gt 0 ] && [ ! -s "$TMP/exit.$1" ]; do
        sleep 0.1
        n=$((n - 1))
    done
    grep -q '^EXIT=0$' "$TMP/exit.$1" 2>/dev/null || fail "$1: exit status: $(cat "$TMP/exit.$1" 2>/dev/null)"
}

# 10. s saves: Γ one step up, s, the file (in a directory that did not
# exist) holds that Γ, no temporary file is left, and a restart shows it.
conf="$TMP/xdg/colres/colres.conf"
start save "$TMP/xdg"
wait_for '^> G( collision rate)? +5 '
tm send-keys -t save Right
n=50
while [ "$n" -gt 0 ]; do
    capture
    g=$(shown_gamma)
    [ -n "$g" ] && [ "$g" != 5 ] && break
    sleep 0.1
    n=$((n - 1))
done
[ "$n" -gt 0 ] || fail "Γ did not move after Right"
tm send-keys -t save s
wait_for "^saved the parameters to $conf"
[ -f "$conf" ] || fail "no $conf after s"
saved=$(sed -n 's/^gamma = //p' "$conf")
awk -v a="$saved" -v b="$g" 'BEGIN { d = (a - b) / b; exit !(d < 1e-3 && d > -1e-3) }' \
    || fail "saved gamma = $saved, the screen shows $g"
ls -a "$TMP/xdg/colres" | grep -q 'tmp' && fail "temporary file left: $(ls -a "$TMP/xdg/colres")"
quit_ok save
start again "$TMP/xdg"
wait_for "^> G( collision rate)? +$g "
quit_ok again
echo "ok: s saved gamma = $saved to $conf and a restart shows Γ $g"

# 11. A config home under a regular file cannot be created: the status line
# says so, colres keeps running; as non-root, a read-only directory keeps
# the old file.
: > "$TMP/afile"
start fail "$TMP/afile"
wait_for '^> G( collision rate)? +5 '
tm send-keys -t fail s
wait_for '^cannot save the settings: .*afile/colres'
tm send-keys -t fail Right
wait_gone '^> G( collision rate)? +5 '
quit_ok fail
if [ "$(id -u)" != 0 ]; then
    chmod 555 "$TMP/xdg/colres"
    cp "$conf" "$TMP/conf.before"
    start ro "$TMP/xdg"
    wait_for "^> G( collision rate)? +$g "
    tm send-keys -t ro Right s
    wait_for '^cannot save the settings: '
    quit_ok ro
    chmod 755 "$TMP/xdg/colres"
    cmp -s "$conf" "$TMP/conf.before" || fail "a failed save changed $conf"
fi
echo "ok: a failed save is reported in the status line"
exit 0
