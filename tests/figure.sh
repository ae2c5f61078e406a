#!/bin/sh
# Tests of `colres figure`: every data block of the gnuplot script equals,
# to the last digit, what the colres command named above it prints (and, for
# the defaults, what the commands the README lists print); with gnuplot,
# every figure renders to SVG that parses as XML, to PNG of the stated size
# and to PDF; without gnuplot, --output exits 1 naming the package while the
# script still comes; an interrupted or failed --output leaves no file.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
case $COLRES in /*) ;; *) COLRES=$(pwd)/$COLRES ;; esac
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
mkdir "$tmp/t" "$tmp/out"
TMPDIR=$tmp/t
export TMPDIR
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
run() { "$COLRES" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $? >"$tmp/rc"; }

# block SCRIPT NAME: the lines between "$NAME << EOD" and "EOD".
block() { awk -v b="\$$2 << EOD" '$0 == "EOD" { on = 0 } on { print } $0 == b { on = 1 }' "$1"; }

# same_as_commands SCRIPT: every block with "# colres ..." right above it
# equals that command's output; prints the number of blocks compared.
same_as_commands() {
    awk '/^# colres / { cmd = substr($0, 10); next }
         /^\$[A-Za-z0-9]+ << EOD$/ { if (cmd != "") print substr($1, 2) "\t" cmd }
         { cmd = "" }' "$1" >"$tmp/cmds"
    count=0
    while IFS='	' read -r name cmd; do
        # shellcheck disable=SC2086 # the command's words, as written
        "$COLRES" $cmd --quiet >"$tmp/want" 2>/dev/null || { echo "failed: colres $cmd" >&2; return 1; }
        block "$1" "$name" >"$tmp/got"
        cmp -s "$tmp/want" "$tmp/got" || { echo "differs: \$$name vs colres $cmd" >&2; return 1; }
        count=$((count + 1))
    done <"$tmp/cmds"
    echo "$count" >"$tmp/count"
}
blocks() { cat "$tmp/count"; }

# ---- the script: data blocks equal the CLI commands' output ----

run figure fig1 --collisions 20 --points 30 --seed 7 --quiet
cp "$tmp/stdout" "$tmp/fig1.gp"
check "fig1 script: exit 0" [ "$(rc)" = 0 ]
d="fig1: the 8 blocks equal trajectory/evolve with the flags above them"
if same_as_commands "$tmp/fig1.gp" && [ "$(blocks)" = 8 ]; then ok "$d"; else bad "$d"; fi
# Each trajectory runs to its first collision past the window, Gamma t = 20.
n1=$(sed -n 's/^# colres trajectory --collisions \([0-9]*\) --seed 7 --gamma 5 .*/\1/p' "$tmp/fig1.gp")
"$COLRES" trajectory --gamma 5 --collisions "$n1" --seed 7 --quiet >"$tmp/want"
block "$tmp/fig1.gp" traj1 >"$tmp/got"
check "fig1 \$traj1 = colres trajectory --gamma 5 --collisions $n1 --seed 7" cmp -s "$tmp/want" "$tmp/got"
check "fig1 \$traj1 ends at its first collision past gamma t = 20" \
    awk -F, 'NR > 1 { n++; g[n] = $3 } END { exit !(g[n] >= 20 && g[n - 1] < 20) }' "$tmp/got"
n3=$(sed -n 's/^# colres trajectory --collisions \([0-9]*\) --seed 7 --dephase --gamma 10 .*/\1/p' "$tmp/fig1.gp")
"$COLRES" trajectory --gamma 10 --collisions "$n3" --seed 7 --dephase --quiet >"$tmp/want"
block "$tmp/fig1.gp" traj3 >"$tmp/got"
check "fig1 \$traj3 = colres trajectory --gamma 10 --dephase (same seed)" cmp -s "$tmp/want" "$tmp/got"
"$COLRES" evolve --gamma 1 --tmax 20 --points 30 --quiet >"$tmp/want"
block "$tmp/fig1.gp" mean2 >"$tmp/got"
check "fig1 \$mean2 = colres evolve --gamma 1 --tmax 20 --points 30" cmp -s "$tmp/want" "$tmp/got"
check "fig1: thermal line and legend" grep -q '^thermal00 = 0.51499550' "$tmp/fig1.gp"
check "fig1: viridis palette defined in the script" grep -q "set palette defined (0 '#440154'" "$tmp/fig1.gp"

run figure fig2 --points 40 --quiet
cp "$tmp/stdout" "$tmp/fig2.gp"
check "fig2 script: exit 0" [ "$(rc)" = 0 ]
"$COLRES" sweep --vary gamma --from 0.01 --to 100 --points 40 --log --quiet >"$tmp/want"
block "$tmp/fig2.gp" sweep >"$tmp/got"
check "fig2 \$sweep = colres sweep --vary gamma --from 0.01 --to 100 --points 40 --log" cmp -s "$tmp/want" "$tmp/got"
run figure fig2 --points 25 --amplitudes exact --beta 0.2 --dephase --quiet
cp "$tmp/stdout" "$tmp/fig2x.gp"
"$COLRES" sweep --vary gamma --from 0.01 --to 100 --points 25 --log --amplitudes exact --beta 0.2 --dephase --quiet >"$tmp/want"
block "$tmp/fig2x.gp" sweep >"$tmp/got"
check "fig2 --amplitudes exact --beta 0.2 --dephase: the same flags in the sweep" cmp -s "$tmp/want" "$tmp/got"
if same_as_commands "$tmp/fig2x.gp" && [ "$(blocks)" = 1 ]; then ok "fig2: block = its command"; else bad "fig2: block = its command"; fi

run figure fig3 --size 16x12 --quiet
cp "$tmp/stdout" "$tmp/fig3.gp"
check "fig3 script: exit 0" [ "$(rc)" = 0 ]
if same_as_commands "$tmp/fig3.gp" && [ "$(blocks)" = 3 ]; then ok "fig3: 3 blocks = heatmap"; else bad "fig3: 3 blocks = heatmap"; fi
"$COLRES" heatmap --x gamma:0.01:10:log --y delta:0.05:3 --size 16x12 --dx 1 --quiet >"$tmp/want"
block "$tmp/fig3.gp" left >"$tmp/got"
check "fig3 left = heatmap Gamma-Delta at dx = 1" cmp -s "$tmp/want" "$tmp/got"
"$COLRES" heatmap --x dx:0.1:3 --y delta:0.05:3 --size 16x12 --gamma 5 --quiet >"$tmp/want"
block "$tmp/fig3.gp" middle >"$tmp/got"
check "fig3 middle = heatmap dx-Delta at Gamma = 5" cmp -s "$tmp/want" "$tmp/got"
"$COLRES" heatmap --x dx:0.1:3 --y gamma:0.01:10:log --size 16x12 --delta 1.2 --quiet >"$tmp/want"
block "$tmp/fig3.gp" right >"$tmp/got"
check "fig3 right = heatmap dx-Gamma at Delta = 1.2" cmp -s "$tmp/want" "$tmp/got"
run figure fig3 --panel right --size 8x6 --delta 0.9 --quiet
cp "$tmp/stdout" "$tmp/fig3r.gp"
"$COLRES" heatmap --x dx:0.1:3 --y gamma:0.01:10:log --size 8x6 --delta 0.9 --quiet >"$tmp/want"
block "$tmp/fig3r.gp" right >"$tmp/got"
check "fig3 --panel right --delta 0.9: the flag overrides the plane's Delta" cmp -s "$tmp/want" "$tmp/got"
check "fig3 --panel right: one block only" [ "$(grep -c '<< EOD$' "$tmp/fig3r.gp")" = 1 ]

run figure figS2 --size 10x8 --rough-s 0.5 --quiet
cp "$tmp/stdout" "$tmp/figS2.gp"
check "figS2 script: exit 0" [ "$(rc)" = 0 ]
"$COLRES" heatmap --x dx:0.1:3 --y delta:0.05:3 --size 10x8 --quiet | cut -d, -f1,2 | tail -n +2 >"$tmp/want"
block "$tmp/figS2.gp" middle | cut -d, -f1,2 | tail -n +2 >"$tmp/got"
check "figS2 middle: the grid of the heatmap" cmp -s "$tmp/want" "$tmp/got"
# Eq. 24: s^2 (Gamma/Delta) exp(-beta m dx^2 Delta^2 / 2), beta = m = 0.1.
block "$tmp/figS2.gp" middle >"$tmp/got.full"
check "figS2 middle: values = Eq. 24 at Gamma = 5, s = 0.5 (relative 1e-13)" awk -F, 'NR > 1 {
        e = 0.25 * (5 / $2) * exp(-0.01 * $1 * $1 * $2 * $2 / 2); d = ($3 - e) / e
        if (d > 1e-13 || d < -1e-13) bad = 1; n++ } END { exit bad || n != 80 }' "$tmp/got.full"

# ---- usage errors: exit 2, one line, nothing on stdout ----
for args in "figure" "figure fig4" "figure fig1 --output x.jpg" "figure fig3 --panel top" \
            "figure fig2 --seed 3" "figure figS2 --dephase" "figure fig1 --size 10x10"; do
    # shellcheck disable=SC2086
    run $args
    check "colres $args: exit 2, one line, nothing on stdout" \
        sh -c '[ "$(cat "$1")" = 2 ] && [ ! -s "$2" ] && [ "$(wc -l <"$3")" = 1 ]' sh "$tmp/rc" "$tmp/stdout" "$tmp/stderr"
done

# ---- without gnuplot ----
mkdir "$tmp/nogp"
cd "$tmp/out" || exit 1
PATH=$tmp/nogp "$COLRES" figure fig2 --points 10 --output f.png --quiet >"$tmp/stdout" 2>"$tmp/stderr"
check "no gnuplot: --output exits 1" [ $? = 1 ]
check "no gnuplot: the message names gnuplot-nox" grep -q 'gnuplot-nox' "$tmp/stderr"
check "no gnuplot: no file" [ -z "$(ls -A "$tmp/out")" ]
PATH=$tmp/nogp "$COLRES" figure fig2 --points 10 --quiet >"$tmp/stdout" 2>"$tmp/stderr"
check "no gnuplot: the script still comes" sh -c '[ $? = 0 ] && grep -q "^\$sweep << EOD" "$1"' sh "$tmp/stdout"

# A gnuplot that fails: exit 1, no file, no temporary file left.
printf '#!/bin/sh\nexit 3\n' >"$tmp/nogp/gnuplot"
chmod +x "$tmp/nogp/gnuplot"
PATH=$tmp/nogp:$PATH "$COLRES" figure fig2 --points 10 --output f.svg --quiet 2>"$tmp/stderr"
check "failing gnuplot: exit 1" [ $? = 1 ]
check "failing gnuplot: no file, no temporary file" sh -c '[ -z "$(ls -A "$1")$(ls -A "$2")" ]' sh "$tmp/out" "$tmp/t"

# ---- interrupted --output: no file ----
# A non-interactive shell starts background jobs with SIGINT ignored, which
# colres keeps (nohup); reset it to the default.
# child_of PID: true once PID has a child (gnuplot running).
child_of() { grep -qs "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status; }
if [ -r /proc/self/status ] && env --default-signal=INT true 2>/dev/null; then
    # While the maps are computed.
    env --default-signal=INT "$COLRES" figure fig3 --size 300x300 --threads 1 --output f.png --quiet 2>"$tmp/stderr" &
    pid=$!
    i=0; while ! catching $pid 2 && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.3
    kill -INT $pid
    wait $pid
    check "Ctrl-C while computing: exit 130" [ $? = 130 ]
    check "Ctrl-C while computing: no file, no temporary file" sh -c '[ -z "$(ls -A "$1")$(ls -A "$2")" ]' sh "$tmp/out" "$tmp/t"
    # While gnuplot runs (a gnuplot that hangs).
    printf '#!/bin/sh\nexec sleep 30\n' >"$tmp/nogp/gnuplot"
    PATH=$tmp/nogp:$PATH env --default-signal=INT "$COLRES" figure fig2 --points 10 --output f.pdf --quiet 2>"$tmp/stderr" &
    pid=$!
    i=0; while ! child_of $pid && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    kill -INT $pid
    wait $pid
    check "Ctrl-C while gnuplot runs: exit 130" [ $? = 130 ]
    check "Ctrl-C while gnuplot runs: no file, no temporary file" sh -c '[ -z "$(ls -A "$1")$(ls -A "$2")" ]' sh "$tmp/out" "$tmp/t"
else
    skip "no /proc or env --default-signal: interruption not tested"
fi

# ---- rendering, with gnuplot ----
# png_size FILE: "WxH" from the IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'; }
xml_ok() {
    if command -v xmllint >/dev/null 2>&1; then xmllint --noout "$1" 2>/dev/null
    else head -c 200 "$1" | grep -q '<?xml' && tail -c 20 "$1" | grep -q '</svg>'; fi
}
if command -v gnuplot >/dev/null 2>&1; then
    for spec in "fig1:960x600:" "fig2:960x720:" "fig3:1500x520:--size 12x10" \
                "figS2:1500x520:--size 12x10" "fig3:640x520:--size 12x10 --panel left"; do
        fig=${spec%%:*}; rest=${spec#*:}; size=${rest%%:*}; extra=${rest#*:}
        # shellcheck disable=SC2086
        "$COLRES" figure $fig $extra --quiet --output "$fig.svg" 2>"$tmp/stderr"
        check "$fig $extra: SVG parses as XML" xml_ok "$fig.svg"
        check "$fig $extra: says where" grep -q "written to $fig.svg" "$tmp/stderr"
        # shellcheck disable=SC2086
        "$COLRES" figure $fig $extra --quiet --output "$fig.png" 2>/dev/null
        check "$fig $extra: PNG of ${size}" [ "$(png_size "$fig.png")" = "$size" ]
        rm -f "$fig.svg" "$fig.png"
    done
    "$COLRES" figure fig2 --points 20 --quiet --output "f.pdf" 2>/dev/null
    check "fig2: PDF" sh -c 'head -c 5 "$1" | grep -q "%PDF-"' sh f.pdf
    rm -f f.pdf
    check "rendering leaves no temporary file" sh -c '[ -z "$(ls -A "$1")$(ls -A "$2")" ]' sh "$tmp/out" "$tmp/t"
else
    skip "gnuplot not installed: rendering not tested"
fi

echo "1..$n"
exit $fail
