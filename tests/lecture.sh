#!/bin/sh
# Lecture mode from the command line (`colres snapshot --lecture`, --scene,
# --focus): golden screens of every scene of the shipped lecture at 80x24
# (ASCII), 120x40 and 200x60 (UTF-8) and one in colour; each scene's frame
# has the exact size and no cut note; bad usage exits 2 with one line.
# COLRES_UPDATE_GOLDEN=1 writes the golden files instead of comparing (then look
# at every one of them before committing).
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
SRCDIR=${COLRES_SRCDIR:-.}
G=$SRCDIR/tests/golden
mkdir -p "$tmp/xdg"
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
unset COLRES_CONFIG

lines() { wc -l <"$tmp/out" | tr -d ' '; }
widest() { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$tmp/out"; }
golden() { same_as_golden "$1" "$2"; }

nscenes=$(grep -c '^\[scene ' "$SRCDIR/assets/lectures/paper.lecture")
check "the shipped lecture has at least 8 scenes" [ "$nscenes" -ge 8 ]
k=1
while [ "$k" -le "$nscenes" ]; do
    LC_ALL=C run snapshot --ascii --lecture paper --scene "$k"
    check "scene $k at 80x24 exits 0" [ "$(rc)" = 0 ]
    check "scene $k at 80x24: 24 lines of at most 80 columns" \
        sh -c "[ $(lines) = 24 ] && [ $(widest) -le 80 ]"
    check "scene $k at 80x24: its heading and the scene keys" \
        sh -c "grep -q '^Scene $k/$nscenes ' '$tmp/out' && grep -q '^\] next scene  \[ back' '$tmp/out'"
    check "scene $k at 80x24: no '?' for a character ASCII cannot spell" \
        sh -c "! grep -q '[A-Za-z]?[A-Za-z]' '$tmp/out'"
    golden "lecture-$k-80x24.txt" "scene $k at 80x24"
    if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
        for size in 120x40 200x60; do
            LC_ALL=C.UTF-8 run snapshot --lecture paper --scene "$k" --width ${size%x*} \
                --height ${size#*x}
            golden "lecture-$k-$size.txt" "scene $k at $size"
        done
    fi
    k=$((k + 1))
done
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
    LC_ALL=C.UTF-8 run snapshot --lecture paper --scene 3 --color --width 120 --height 40
    golden "lecture-3-120x40-color.ans" "scene 3 in colour"
    LC_ALL=C.UTF-8 run snapshot --lecture paper --scene 3 --color --theme light --width 80 \
        --height 24
    golden "lecture-3-80x24-light.ans" "scene 3 in the light theme"
fi

# A scene from a file of one's own, found by path, starts from the
# paper's parameters; its notes are spelled in ASCII on an ASCII screen.
cat >"$tmp/mine.lecture" <<'EOT'
[scene Mine]
gamma = 0.5
view.focus = fig2
note = Δ and the dephasing D are told apart: Δ = 0.6.
EOT
LC_ALL=C run snapshot --ascii --lecture "$tmp/mine.lecture"
check "own lecture by path exits 0" [ "$(rc)" = 0 ]
check "own lecture: Gamma 0.5 on the slider" grep -q '^> G    0.5 ' "$tmp/out"
check "own lecture: Delta spelled del in ASCII" grep -q 'del and the dephasing D are told apart: del = 0.6' "$tmp/out"
check "own lecture: Fig. 2 alone" sh -c "grep -q 'Fig. 2' '$tmp/out' && ! grep -q 'Fig. 1\|Fig. 3' '$tmp/out'"

# The README's own example lecture, as printed there.
awk '/^    \[scene Small and large/ { on = 1 } on && /^    / { print substr($0, 5); next }
     on && /^$/ { print ""; next } on { exit }' "$SRCDIR/README" >"$tmp/mine.lecture"
check "the README's example lecture has two scenes" [ "$(grep -c '^\[scene ' "$tmp/mine.lecture")" = 2 ]
for k in 1 2; do
    LC_ALL=C.UTF-8 run snapshot --lecture "$tmp/mine.lecture" --scene $k
    check "the README's example lecture, scene $k, runs" sh -c "[ $(rc) = 0 ] && grep -q '^Scene $k/2 ' '$tmp/out'"
done

# --focus: one figure alone, or all three.
LC_ALL=C run snapshot --ascii --focus fig3
check "--focus fig3: Fig. 3 alone" sh -c "grep -q 'Fig. 3' '$tmp/out' && ! grep -q 'Fig. 1\|Fig. 2' '$tmp/out'"
# Fig. 3 focused from 160 columns: its three planes side by side, in the
# paper's order, on one colour scale; below 160 columns one plane.
LC_ALL=C.UTF-8 run snapshot --focus fig3 --width 160 --height 48
check "--focus fig3 at 160 columns: three planes in the paper's order" \
    grep -q 'Fig\. 3  |ρ01| over Γ (x) and Δ (y) .*Fig\. 3  |ρ01| over Δx (x) and Δ (y) .*Fig\. 3  |ρ01| over Δx (x) and Γ (y)' "$tmp/out"
check "--focus fig3 at 160 columns: one colour scale for the three" \
    sh -c "[ \$(grep -o '[0-9.e+-]* log' '$tmp/out' | sort -u | wc -l) = 1 ] && [ \$(grep -o '[0-9.e+-]* log' '$tmp/out' | wc -l) = 3 ]"
check "--focus fig3 at 160 columns: no map left computing" sh -c "! grep -q 'computing' '$tmp/out'"
LC_ALL=C.UTF-8 run snapshot --focus fig3 --width 159 --height 48
check "--focus fig3 at 159 columns: one plane" [ "$(grep -o 'Fig\. 3' "$tmp/out" | wc -l)" = 1 ]
LC_ALL=C run snapshot --ascii --focus all
check "--focus all: the three figures" sh -c "grep -q 'Fig. 1' '$tmp/out' && grep -q 'Fig. 2' '$tmp/out' && grep -q 'Fig. 3' '$tmp/out'"

# Bad usage: exit 2 and one line on stderr naming the option.
bad_usage() { # DESC WORD ARGS...: exit 2, nothing on stdout, one stderr line with WORD
    desc=$1 word=$2
    shift 2
    LC_ALL=C run snapshot "$@"
    check "$desc: exit 2, one line naming it" sh -c "[ $(rc) = 2 ] && [ \$(wc -l <'$tmp/err') = 1 ] && [ ! -s '$tmp/out' ] && grep -q -- '$word' '$tmp/err'"
}
bad_usage "--focus fig4" "invalid --focus \"fig4\"" --focus fig4
bad_usage "--lecture nowhere" "invalid --lecture \"nowhere\"" --lecture nowhere
bad_usage "--scene 12 of 9" "the lecture has scenes 1 to $nscenes" --lecture paper --scene 12
bad_usage "--scene without --lecture" "needs --lecture" --scene 2
printf '[scene A]\nnote = 1\nnote = 2\nnote = 3\nnote = 4\nnote = 5\n' >"$tmp/five.lecture"
LC_ALL=C run snapshot --lecture "$tmp/five.lecture"
check "five notes: exit 2 naming FILE:6" sh -c "[ $(rc) = 2 ] && grep -q 'five.lecture:6: more than 4 note lines' '$tmp/err'"

echo "1..$n"
exit $fail
