#!/bin/sh
# `colres snapshot`: one TUI frame as text.  Checks the exit
# status, the exact frame size (lines and columns), the numbers it shows
# against the check values (steady state at the paper's defaults, Γ = 5:
# ρ00 = 0.5323022102, thermal 0.5149955016), the ASCII fallback when the
# locale is not UTF-8, the enlarge message below 80x24, and a golden 80x24
# frame (deterministic: fixed seed, every computation finished first), and
# golden frames at 120x40 and 200x60.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
SRCDIR=${COLRES_SRCDIR:-.}

# No user config may leak into the frame.
mkdir -p "$tmp/xdg"
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
unset COLRES_CONFIG

run() { "$COLRES" snapshot "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
lines() { wc -l <"$tmp/out" | tr -d ' '; }
# Longest line in bytes (ASCII output: bytes = columns).
widest() { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$tmp/out"; }
has() { grep -F -q -- "$1" "$tmp/out"; }
only_ascii() { ! LC_ALL=C grep -q '[^ -~]' "$tmp/out"; }

# 80x24, ASCII.
LC_ALL=C run --ascii --width 80 --height 24
check "80x24 exits 0" [ "$(rc)" = 0 ]
check "80x24 has 24 lines" [ "$(lines)" = 24 ]
check "80x24 lines fit 80 columns" [ "$(widest)" -le 80 ]
check "80x24 is pure ASCII" only_ascii
check "80x24 shows rho00 = 0.5323" has "rho00 0.53230"
check "80x24 shows thermal rho00 = 0.5150" has "thermal rho00 0.51500"
check "80x24 shows the Gamma slider at 5" has "> G    5 "
check "80x24 shows the three panels" sh -c "grep -q 'Fig. 1  rho00 vs Gt' '$tmp/out' && grep -q 'Fig. 3  |rho01|, dx-del' '$tmp/out' && grep -q 'Fig. 2  steady state vs G' '$tmp/out'"
check "80x24 warnings go to stderr, not the frame" grep -q "warning" "$tmp/err"
same_as_golden snapshot-80x24.txt "80x24"

# Golden screens at the other sizes the layout switches between (UTF-8
# where the system has it, so box drawing and braille are covered too).
golden() {
    loc=$1 w=$2 h=$3
    shift 3
    LC_ALL=$loc run --width "$w" --height "$h" "$@"
    same_as_golden "snapshot-${w}x$h.txt" "${w}x$h ($loc)"
}
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
    golden C.UTF-8 120 40
    golden C.UTF-8 200 60
    # Each preset stages its figure: golden screens at the three sizes.
    for p in fig1 fig2 fig3-gamma-delta fig3-dx-delta fig3-dx-gamma qutrit-ladder qubit-sigmax; do
        LC_ALL=C run --ascii --preset $p
        same_as_golden "preset-$p-80x24.txt" "preset $p at 80x24"
        for size in 120x40 200x60; do
            LC_ALL=C.UTF-8 run --preset $p --width ${size%x*} --height ${size#*x}
            same_as_golden "preset-$p-$size.txt" "preset $p at $size"
        done
    done
    # With colour attributes: the 256-colour palette as ANSI escapes.
    LC_ALL=C.UTF-8 run --color --width 100 --height 30 --preset fig3-gamma-delta
    same_as_golden snapshot-100x30-color.ans "100x30 in colour"
else
    echo "ok - # SKIP no C.UTF-8 locale"
fi

# 160x48 under the C locale: falls back to ASCII by itself.
LC_ALL=C run --width 160 --height 48
check "160x48 exits 0" [ "$(rc)" = 0 ]
check "160x48 has 48 lines" [ "$(lines)" = 48 ]
check "160x48 lines fit 160 columns" [ "$(widest)" -le 160 ]
check "160x48 falls back to ASCII in the C locale" only_ascii
check "160x48 shows rho00 = 0.5323" has "rho00 0.53230"
check "160x48 uses the width (a line longer than 80)" [ "$(widest)" -gt 120 ]
check "160x48 titles the Fig. 2 panel" has "Fig. 2  steady state vs G"

# Same numbers with another seed and thread count: only the trajectory
# depends on the seed.
LC_ALL=C run --ascii --seed 7 --threads 1
check "seed 7, 1 thread: same steady state" has "rho00 0.53230"
check "seed 7 is shown" has "seed 7"

# UTF-8, when the system has a UTF-8 locale.
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
    LC_ALL=C.UTF-8 run --width 100 --height 30
    check "UTF-8: exits 0" [ "$(rc)" = 0 ]
    check "UTF-8: 30 lines" [ "$(lines)" = 30 ]
    check "UTF-8: Greek labels" has "ρ00 0.53230"
    check "UTF-8: Gamma slider, in words from 100 columns" has "> Γ collision rate       5 "
else
    echo "ok - # SKIP no C.UTF-8 locale"
fi

# Overlays and the units panel (issue 6): the rough estimate puts |rho01|
# on a log axis (decade labels) with a "~ rough" legend entry; --units
# draws the units panel with the paper's exponent (~0.5).
LC_ALL=C run --ascii --width 100 --height 30 --overlay both
check "overlay both: exits 0" [ "$(rc)" = 0 ]
check "overlay both: rough legend" has "~ rough"
check "overlay both: first-order legend" has ". first order"
check "overlay both: log axis" grep -Eq '^ *1e-[0-9]+\+' "$tmp/out"
LC_ALL=C run --ascii --overlay none
check "overlay none: no overlay legend" sh -c "! grep -Eq '~ rough|\. first order' '$tmp/out'"
LC_ALL=C run --ascii --units
check "units: exits 0" [ "$(rc)" = 0 ]
check "units: 24 lines" [ "$(lines)" = 24 ]
check "units: exponent 0.513" has "exponent          0.513"
check "units: points to colres units --help" has "colres units --help"
LC_ALL=C run --overlay sideways
check "bad --overlay is refused with exit 2" [ "$(rc)" = 2 ]

# Too small: the enlarge message, still exit 0 and the exact size.
LC_ALL=C run --ascii --width 60 --height 20
check "60x20 exits 0" [ "$(rc)" = 0 ]
check "60x20 has 20 lines" [ "$(lines)" = 20 ]
check "60x20 asks to enlarge" has "(need 80x24, have 60x20)"

# Bad usage: exit 2, one line on stderr, nothing on stdout.
LC_ALL=C run --width 0
check "width 0 is refused with exit 2" [ "$(rc)" = 2 ]
check "nothing on stdout on error" [ ! -s "$tmp/out" ]
LC_ALL=C run --gamma -1
check "gamma -1 is refused with exit 2" [ "$(rc)" = 2 ]
check "error names gamma" grep -q "gamma" "$tmp/err"

echo "1..$n"
exit $fail
