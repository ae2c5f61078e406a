#!/bin/sh
# Bad input, table-driven (robustness issue): every case must exit 2 with
# nothing on stdout and exactly one line on stderr, and that line must be
# the expected text ("= TEXT": exactly, "~ TEXT": contains).  Then extreme
# but legal parameters: exit 0 with finite numbers only, or exit 1 with one
# line naming the computation that failed; never a hang (timeout 60 s).
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
case $COLRES in /*) ;; *) COLRES=$(pwd)/$COLRES ;; esac
cd "$tmp" || exit 1
# No user config may leak in: point XDG at an empty directory.
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME

# Config files named by the table (relative to $tmp).
printf 'gamma = 1\nbeta = 2\ngamma = 3\n' >dup.conf
printf 'gamma = 1\n\001\377\000junk\n' >binary.conf
printf '# a comment\ncolour = blue\n' >unknown.conf
printf 'gamma 5\n' >noeq.conf
printf 'beta =\n' >empty.conf
printf 'gamma = 2\r\nmass = 1e400\r\n' >crlf.conf
printf '# wide region\nlength = 100\n' >long100.conf
printf '\357\273\277gamma = 2\n' >bom.conf
printf 'levels = 0,1,2\ngamma = 1\ncoupling = 0,1;1,0\n' >levels.conf
printf 'levels = 0,1,2\nlevels = 0,1,3\n' >levelsdup.conf
mkfifo fifo
mkdir adir
awk 'BEGIN { printf "dx = "; for (i = 0; i < 9000; i++) printf "1"; print "" }' >long.conf

# ARGS | EXIT | = EXACT STDERR LINE   or   ARGS | EXIT | ~ SUBSTRING
# ARGS are split by the shell (eval): quote empty strings as ''.
cat >table <<'TABLE'
steady --gamma NaN | 2 | = colres: invalid gamma = nan: valid range is 1e-100 to 1e100
steady --gamma nan | 2 | = colres: invalid gamma = nan: valid range is 1e-100 to 1e100
steady --gamma inf | 2 | = colres: invalid gamma = inf: valid range is 1e-100 to 1e100
steady --gamma -inf | 2 | = colres: invalid gamma = -inf: valid range is 1e-100 to 1e100
steady --gamma '' | 2 | = colres: invalid gamma = "": a number is required; valid range is 1e-100 to 1e100
steady --gamma abc | 2 | = colres: invalid gamma = "abc": not a number; valid range is 1e-100 to 1e100
steady --gamma 1e400 | 2 | = colres: invalid gamma = "1e400": out of the range of a double; valid range is 1e-100 to 1e100
steady --gamma -1e400 | 2 | = colres: invalid gamma = "-1e400": out of the range of a double; valid range is 1e-100 to 1e100
steady --gamma 0 | 2 | = colres: invalid gamma = 0: valid range is 1e-100 to 1e100
steady --gamma -1 | 2 | = colres: invalid gamma = -1: valid range is 1e-100 to 1e100
steady --delta NaN | 2 | = colres: invalid delta = nan: valid range is 1e-6 to 1e6
steady --delta nan | 2 | = colres: invalid delta = nan: valid range is 1e-6 to 1e6
steady --delta inf | 2 | = colres: invalid delta = inf: valid range is 1e-6 to 1e6
steady --delta -inf | 2 | = colres: invalid delta = -inf: valid range is 1e-6 to 1e6
steady --delta '' | 2 | = colres: invalid delta = "": a number is required; valid range is 1e-6 to 1e6
steady --delta abc | 2 | = colres: invalid delta = "abc": not a number; valid range is 1e-6 to 1e6
steady --delta 1e400 | 2 | = colres: invalid delta = "1e400": out of the range of a double; valid range is 1e-6 to 1e6
steady --delta -1e400 | 2 | = colres: invalid delta = "-1e400": out of the range of a double; valid range is 1e-6 to 1e6
steady --delta 0 | 2 | = colres: invalid delta = 0: valid range is 1e-6 to 1e6
steady --delta -1 | 2 | = colres: invalid delta = -1: valid range is 1e-6 to 1e6
steady --dx NaN | 2 | = colres: invalid dx = nan: valid range is 1e-12 to 1e12
steady --dx nan | 2 | = colres: invalid dx = nan: valid range is 1e-12 to 1e12
steady --dx inf | 2 | = colres: invalid dx = inf: valid range is 1e-12 to 1e12
steady --dx -inf | 2 | = colres: invalid dx = -inf: valid range is 1e-12 to 1e12
steady --dx '' | 2 | = colres: invalid dx = "": a number is required; valid range is 1e-12 to 1e12
steady --dx abc | 2 | = colres: invalid dx = "abc": not a number; valid range is 1e-12 to 1e12
steady --dx 1e400 | 2 | = colres: invalid dx = "1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --dx -1e400 | 2 | = colres: invalid dx = "-1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --dx 0 | 2 | = colres: invalid dx = 0: valid range is 1e-12 to 1e12
steady --dx -1 | 2 | = colres: invalid dx = -1: valid range is 1e-12 to 1e12
steady --beta NaN | 2 | = colres: invalid beta = nan: valid range is 1e-12 to 1e12
steady --beta nan | 2 | = colres: invalid beta = nan: valid range is 1e-12 to 1e12
steady --beta inf | 2 | = colres: invalid beta = inf: valid range is 1e-12 to 1e12
steady --beta -inf | 2 | = colres: invalid beta = -inf: valid range is 1e-12 to 1e12
steady --beta '' | 2 | = colres: invalid beta = "": a number is required; valid range is 1e-12 to 1e12
steady --beta abc | 2 | = colres: invalid beta = "abc": not a number; valid range is 1e-12 to 1e12
steady --beta 1e400 | 2 | = colres: invalid beta = "1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --beta -1e400 | 2 | = colres: invalid beta = "-1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --beta 0 | 2 | = colres: invalid beta = 0: valid range is 1e-12 to 1e12
steady --beta -1 | 2 | = colres: invalid beta = -1: valid range is 1e-12 to 1e12
steady --mass NaN | 2 | = colres: invalid mass = nan: valid range is 1e-12 to 1e12
steady --mass nan | 2 | = colres: invalid mass = nan: valid range is 1e-12 to 1e12
steady --mass inf | 2 | = colres: invalid mass = inf: valid range is 1e-12 to 1e12
steady --mass -inf | 2 | = colres: invalid mass = -inf: valid range is 1e-12 to 1e12
steady --mass '' | 2 | = colres: invalid mass = "": a number is required; valid range is 1e-12 to 1e12
steady --mass abc | 2 | = colres: invalid mass = "abc": not a number; valid range is 1e-12 to 1e12
steady --mass 1e400 | 2 | = colres: invalid mass = "1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --mass -1e400 | 2 | = colres: invalid mass = "-1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --mass 0 | 2 | = colres: invalid mass = 0: valid range is 1e-12 to 1e12
steady --mass -1 | 2 | = colres: invalid mass = -1: valid range is 1e-12 to 1e12
steady --lambda NaN | 2 | = colres: invalid lambda = nan: valid range is 0 to 1e12
steady --lambda nan | 2 | = colres: invalid lambda = nan: valid range is 0 to 1e12
steady --lambda inf | 2 | = colres: invalid lambda = inf: valid range is 0 to 1e12
steady --lambda -inf | 2 | = colres: invalid lambda = -inf: valid range is 0 to 1e12
steady --lambda '' | 2 | = colres: invalid lambda = "": a number is required; valid range is 0 to 1e12
steady --lambda abc | 2 | = colres: invalid lambda = "abc": not a number; valid range is 0 to 1e12
steady --lambda 1e400 | 2 | = colres: invalid lambda = "1e400": out of the range of a double; valid range is 0 to 1e12
steady --lambda -1e400 | 2 | = colres: invalid lambda = "-1e400": out of the range of a double; valid range is 0 to 1e12
steady --lambda -1 | 2 | = colres: invalid lambda = -1: valid range is 0 to 1e12
steady --length NaN | 2 | = colres: invalid length = nan: valid range is 1e-12 to 1e12
steady --length nan | 2 | = colres: invalid length = nan: valid range is 1e-12 to 1e12
steady --length inf | 2 | = colres: invalid length = inf: valid range is 1e-12 to 1e12
steady --length -inf | 2 | = colres: invalid length = -inf: valid range is 1e-12 to 1e12
steady --length '' | 2 | = colres: invalid length = "": a number is required; valid range is 1e-12 to 1e12
steady --length abc | 2 | = colres: invalid length = "abc": not a number; valid range is 1e-12 to 1e12
steady --length 1e400 | 2 | = colres: invalid length = "1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --length -1e400 | 2 | = colres: invalid length = "-1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --length 0 | 2 | = colres: invalid length = 0: valid range is 1e-12 to 1e12
steady --length -1 | 2 | = colres: invalid length = -1: valid range is 1e-12 to 1e12
steady --x0 NaN | 2 | = colres: invalid x0 = nan: valid range is -1e12 to -length/2 (exclusive)
steady --x0 nan | 2 | = colres: invalid x0 = nan: valid range is -1e12 to -length/2 (exclusive)
steady --x0 inf | 2 | = colres: invalid x0 = inf: valid range is -1e12 to -length/2 (exclusive)
steady --x0 -inf | 2 | = colres: invalid x0 = -inf: valid range is -1e12 to -length/2 (exclusive)
steady --x0 '' | 2 | = colres: invalid x0 = "": a number is required; valid range is -1e12 to -length/2 (exclusive)
steady --x0 abc | 2 | = colres: invalid x0 = "abc": not a number; valid range is -1e12 to -length/2 (exclusive)
steady --x0 1e400 | 2 | = colres: invalid x0 = "1e400": out of the range of a double; valid range is -1e12 to -length/2 (exclusive)
steady --x0 -1e400 | 2 | = colres: invalid x0 = "-1e400": out of the range of a double; valid range is -1e12 to -length/2 (exclusive)
steady --x0 0 | 2 | = colres: invalid x0 = 0: valid range is < -length/2 = -0.5 (the packet must start left of the scatterer)
steady --rough-s NaN | 2 | = colres: invalid rough_s = nan: valid range is 0 to 1e6
steady --rough-s nan | 2 | = colres: invalid rough_s = nan: valid range is 0 to 1e6
steady --rough-s inf | 2 | = colres: invalid rough_s = inf: valid range is 0 to 1e6
steady --rough-s -inf | 2 | = colres: invalid rough_s = -inf: valid range is 0 to 1e6
steady --rough-s '' | 2 | = colres: invalid rough_s = "": a number is required; valid range is 0 to 1e6
steady --rough-s abc | 2 | = colres: invalid rough_s = "abc": not a number; valid range is 0 to 1e6
steady --rough-s 1e400 | 2 | = colres: invalid rough_s = "1e400": out of the range of a double; valid range is 0 to 1e6
steady --rough-s -1e400 | 2 | = colres: invalid rough_s = "-1e400": out of the range of a double; valid range is 0 to 1e6
steady --rough-s -1 | 2 | = colres: invalid rough_s = -1: valid range is 0 to 1e6
map --gamma -1e-300 | 2 | = colres: invalid gamma = -1e-300: valid range is 1e-100 to 1e100
sweep --beta 1e999 | 2 | = colres: invalid beta = "1e999": out of the range of a double; valid range is 1e-12 to 1e12
heatmap --dx 0x | 2 | = colres: invalid dx = "0x": not a number; valid range is 1e-12 to 1e12
trajectory --mass '  ' | 2 | = colres: invalid mass = "  ": a number is required; valid range is 1e-12 to 1e12
evolve --delta 1,5 | 2 | = colres: invalid delta = "1,5": not a number; valid range is 1e-6 to 1e6
steady --amplitudes fancy | 2 | = colres: invalid amplitudes = "fancy": valid values are approx, exact
steady --amplitudes '' | 2 | = colres: invalid amplitudes = "": valid values are approx, exact
steady --gamma | 2 | = colres: steady: option --gamma needs a value
steady --frobnicate 1 | 2 | = colres: steady: unknown option --frobnicate (see colres steady --help)
map --gama 1 | 2 | = colres: map: unknown option --gama (see colres map --help)
steady --quiet=1 | 2 | = colres: steady: option --quiet takes no value (got "--quiet=1"; see colres steady --help)
trajectory --dephase=1 | 2 | = colres: trajectory: option --dephase takes no value (got "--dephase=1"; see colres trajectory --help)
heatmap --no-header=1 | 2 | = colres: heatmap: option --no-header takes no value (got "--no-header=1"; see colres heatmap --help)
sweep --log=yes | 2 | = colres: sweep: option --log takes no value (got "--log=yes"; see colres sweep --help)
steady --frob=1 | 2 | = colres: steady: unknown option --frob (see colres steady --help)
--size 3x3 | 2 | = colres: tui: unknown option --size (see colres tui --help)
units --bogus | 2 | = colres: units: unknown option --bogus (see colres units --help)
units --omega | 2 | = colres: units: option --omega needs a value
units --quiet=1 | 2 | = colres: units: option --quiet takes no value (got "--quiet=1"; see colres units --help)
units stray | 2 | = colres: units: unexpected argument "stray" (see colres units --help)
steady stray | 2 | = colres: steady: unexpected argument "stray" (see colres steady --help)
frobnicate | 2 | = colres: unknown command "frobnicate" (commands: map, steady, sweep, heatmap, trajectory, evolve, ensemble, snapshot, units, validity, amplitudes, bench, figure, tui; see colres --help)
steady --config dup.conf | 2 | = colres: dup.conf:3: duplicated key "gamma" (first set on line 1)
steady --config binary.conf | 2 | = colres: binary.conf:2: binary or control character in a text file
steady --config unknown.conf | 2 | = colres: unknown.conf:2: unknown parameter "colour" (known: gamma, delta, dx, beta, mass, lambda, length, x0, rough_s, amplitudes, levels, coupling)
steady --config noeq.conf | 2 | = colres: noeq.conf:1: expected "name = value", got "gamma 5"
steady --config empty.conf | 2 | = colres: empty.conf:1: invalid beta = "": a number is required; valid range is 1e-12 to 1e12
steady --config crlf.conf | 2 | = colres: crlf.conf:2: invalid mass = "1e400": out of the range of a double; valid range is 1e-12 to 1e12
steady --config long.conf | 2 | = colres: long.conf:1: invalid dx = "1111111111111111111111111111111111111111": out of the range of a double; valid range is 1e-12 to 1e12
steady --config nosuch.conf | 2 | = colres: nosuch.conf: cannot open: No such file or directory
steady --preset nosuch | 2 | = colres: unknown preset "nosuch" (known: fig1, fig2, fig3-gamma-delta, fig3-dx-delta, fig3-dx-gamma, qutrit-ladder, qubit-sigmax, or a path to a .conf file)
sweep --threads 0 | 2 | = colres: invalid --threads = "0": valid range is 1..256
sweep --threads 1000 | 2 | = colres: invalid --threads = "1000": valid range is 1..256
heatmap --threads -2 | 2 | = colres: invalid --threads = "-2": valid range is 1..256
sweep --points 0 | 2 | = colres: invalid --points = "0": valid range is 1..10000000
sweep --points 1e3 | 2 | = colres: invalid --points = "1e3": valid range is 1..10000000
heatmap --size 0x5 | 2 | = colres: invalid --size = "0x5": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --size 5x | 2 | = colres: invalid --size = "5x": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --size axbc | 2 | = colres: invalid --size = "axbc": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --shard 3/2 | 2 | = colres: invalid --shard = "3/2": expected K/N, whole numbers with 0 <= K < N <= 1000000
heatmap --shard 1/0 | 2 | = colres: invalid --shard = "1/0": expected K/N, whole numbers with 0 <= K < N <= 1000000
heatmap --size ' 1x2' | 2 | = colres: invalid --size = " 1x2": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --size +2x+2 | 2 | = colres: invalid --size = "+2x+2": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --size 2X2 | 2 | = colres: invalid --size = "2X2": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --size 100001x1 | 2 | = colres: invalid --size = "100001x1": expected NXxNY, two whole numbers 1..100000, e.g. 64x64
heatmap --shard ' 1/2' | 2 | = colres: invalid --shard = " 1/2": expected K/N, whole numbers with 0 <= K < N <= 1000000
heatmap --shard +1/2 | 2 | = colres: invalid --shard = "+1/2": expected K/N, whole numbers with 0 <= K < N <= 1000000
heatmap --shard 1/2x | 2 | = colres: invalid --shard = "1/2x": expected K/N, whole numbers with 0 <= K < N <= 1000000
steady --gamma 1e-310 | 2 | = colres: invalid gamma = 1e-310: valid range is 1e-100 to 1e100
steady --gamma 0x1p-1074 | 2 | = colres: invalid gamma = 0x1p-1074: valid range is 1e-100 to 1e100
trajectory --gamma 1e-307 --collisions 3 | 2 | = colres: invalid gamma = 1e-307: valid range is 1e-100 to 1e100
steady --gamma 1e-320 | 2 | = colres: invalid gamma = 1e-320: valid range is 1e-100 to 1e100
steady --dx 1e200 --amplitudes exact | 2 | = colres: invalid dx = 1e200: valid range is 1e-12 to 1e12
units --rough-s 1e200 | 2 | = colres: invalid --rough-s = "1e200": valid range is 0 to 1e6
steady --config '' | 2 | = colres: invalid --config = "": a file name is required
steady --config fifo | 2 | = colres: fifo: not a regular file (a FIFO)
steady --config adir | 2 | = colres: adir: not a regular file (a directory)
steady --preset ./fifo | 2 | = colres: ./fifo: not a regular file (a FIFO)
steady --preset adir/ | 2 | = colres: adir/: not a regular file (a directory)
steady --config long100.conf | 2 | = colres: long100.conf:2: invalid x0 = -10: valid range is < -length/2 = -50 (the packet must start left of the scatterer)
heatmap --x colour:1:2 | 2 | = colres: invalid --x = "colour:1:2": unknown parameter "colour"
heatmap --x dx:1 | 2 | = colres: invalid --x = "dx:1": expected NAME:A:B or NAME:A:B:log
heatmap --x dx::1:2 | 2 | = colres: invalid --x = "dx::1:2": expected NAME:A:B or NAME:A:B:log
heatmap --y delta:1:2: | 2 | = colres: invalid --y = "delta:1:2:": expected NAME:A:B or NAME:A:B:log
heatmap --x dx:1:222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222 | 2 | ~ : expected NAME:A:B or NAME:A:B:log
heatmap --y delta:1:nan | 2 | = colres: invalid --y = "nan": must be a finite number
heatmap --x dx:0:2:log | 2 | = colres: heatmap: --x dx: invalid range 0..2: a log scale needs both ends > 0
heatmap --x dx:-1:2:log | 2 | = colres: heatmap: --x dx: invalid range -1..2: a log scale needs both ends > 0
heatmap --x dx:0:2 | 2 | = colres: heatmap: invalid dx = 0: valid range is 1e-12 to 1e12
heatmap --x dx:1:2 --y dx:1:3 | 2 | = colres: heatmap: --x and --y must vary different parameters
sweep --vary mass | 2 | = colres: sweep: --from and --to are required when varying mass
sweep --vary mass --to 2 | 2 | = colres: sweep: --from and --to are required when varying mass
sweep --vary colour | 2 | ~ colres: invalid --vary = "colour": valid names are
sweep --vary gamma --from 0 --to 1 --log | 2 | = colres: sweep: --vary gamma: invalid range 0..1: a log scale needs both ends > 0
sweep --vary length --from 1 --to 30 | 2 | ~ colres: sweep: --vary length: invalid x0 = -10: valid range is < -length/2 = 
trajectory --collisions -1 | 2 | = colres: invalid --collisions = "-1": valid range is 0..1000000000000
trajectory --seed 4294967296 | 2 | = colres: invalid --seed = "4294967296": valid range is 0..4294967295
evolve --tmax -1 | 2 | = colres: invalid --tmax = -1: valid range is >= 0
evolve --tmax inf | 2 | = colres: invalid --tmax = "inf": must be a finite number
evolve --initial middle | 2 | = colres: invalid --initial = "middle": valid values are ground, excited, thermal, plus
trajectory --initial '' | 2 | = colres: invalid --initial = "": valid values are ground, excited, thermal, plus
trajectory --initial | 2 | = colres: trajectory: option --initial needs a value
map --error=1 | 2 | = colres: map: option --error takes no value (got "--error=1"; see colres map --help)
units --omega 1e9 --frequency-hz 1e9 | 2 | = colres: units: --omega and --frequency-hz are exclusive: give the qubit once (omega = 2*pi*frequency)
units --frequency-hz 1e9 --omega 1e9 | 2 | = colres: units: --omega and --frequency-hz are exclusive: give the qubit once (omega = 2*pi*frequency)
units --frequency-hz 0 | 2 | = colres: invalid --frequency-hz = "0": valid range is > 0
units --frequency-hz nan | 2 | ~ --frequency-hz
steady --levels 0,1,1 | 2 | = colres: invalid levels = "0,1,1": entry 3 (1) must be greater than entry 2 (1): levels must be ascending and distinct
steady --levels 1,0 | 2 | = colres: invalid levels = "1,0": entry 2 (0) must be greater than entry 1 (1): levels must be ascending and distinct
steady --levels 1,2,3,4,5,6,7,8,9 | 2 | = colres: invalid levels: 9 entries: valid is 2 to 8
steady --levels 1 | 2 | = colres: invalid levels: 1 entry: valid is 2 to 8
steady --levels nan,1 | 2 | = colres: invalid levels = "nan,1": entry 1 (nan) must be finite: valid is 2 to 8 ascending, distinct, comma-separated numbers
steady --levels=0,inf | 2 | = colres: invalid levels = "0,inf": entry 2 (inf) must be finite: valid is 2 to 8 ascending, distinct, comma-separated numbers
steady --levels 0,,1 | 2 | = colres: invalid levels = "0,,1": entry 2 is empty: valid is 2 to 8 ascending, distinct, comma-separated numbers
steady --levels '' | 2 | = colres: invalid levels = "": empty: valid is 2 to 8 ascending, distinct, comma-separated numbers
steady --levels 0,1e-9 | 2 | = colres: invalid levels = "0,1e-9": E1 - E0 = 1.0000000000000001e-09 sets delta: valid range of delta is 1e-6 to 1e6
steady --coupling '0,1+i;1+i,0' | 2 | = colres: invalid coupling = "0,1+i;1+i,0": entry (1,2) "1+i" is not the complex conjugate of entry (2,1) "1+i": C must be Hermitian
steady --coupling '1+i,0;0,0' | 2 | = colres: invalid coupling = "1+i,0;0,0": entry (1,1) "1+i" must be real: C must be Hermitian (the diagonal real)
steady --coupling '0,1;1' | 2 | = colres: invalid coupling = "0,1;1": row 2 has 1 entry but there are 2 rows: C must be square; valid is a Hermitian N x N matrix, N = 2 to 8, rows separated by ';', entries by ','
steady --coupling '0;0;0;0;0;0;0;0;0' | 2 | = colres: invalid coupling: 9 rows: valid is a Hermitian N x N matrix, N = 2 to 8, rows separated by ';', entries by ','
steady --coupling '0,nan;nan,0' | 2 | = colres: invalid coupling = "0,nan;nan,0": entry (1,2) "nan" must be finite
steady --coupling '0,1+;1,0' | 2 | = colres: invalid coupling = "0,1+;1,0": entry (1,2) "1+" is not a number a, a+bi, a-bi, bi or i
steady --coupling '0,1,0;1,0,1;0,1,0' | 2 | = colres: coupling is 3x3 but levels has 2 entries (levels sets N: give as many energies as C has rows)
steady --levels 0,1,2 --coupling '0,1;1,0' | 2 | = colres: coupling is 2x2 but levels has 3 entries (levels sets N: give as many energies as C has rows)
steady --coupling='0,1,0;1,0,1;0,1,0' --levels 0,1,2 --levels 0,1 | 2 | = colres: coupling is 3x3 but levels has 2 entries (levels sets N: give as many energies as C has rows)
steady --config levels.conf | 2 | = colres: levels.conf:3: coupling is 2x2 but levels has 3 entries (levels sets N: give as many energies as C has rows)
steady --config levelsdup.conf | 2 | = colres: levelsdup.conf:2: duplicated key "levels" (first set on line 1)
sweep --levels 0,1,1 | 2 | ~ entry 3 (1) must be greater than entry 2 (1)
heatmap --coupling '0,2;1,0' | 2 | ~ entry (1,2) "2" is not the complex conjugate of entry (2,1) "1"
evolve --levels 0,1 --coupling 0 | 2 | ~ invalid coupling: 1 row
TABLE

while IFS='|' read -r args code expect; do
    case $args in ''|'#'*) continue ;; esac
    code=$(echo $code)
    mode=${expect# }
    mode=${mode%% *}
    text=${expect# }
    text=${text#? }
    eval "set -- $args"
    "$COLRES" "$@" >out 2>err
    rc=$?
    lines=$(wc -l <err)
    line=$(head -n 1 err)
    case $mode in
        =) [ "$line" = "$text" ]; match=$? ;;
        *) case $line in *"$text"*) match=0 ;; *) match=1 ;; esac ;;
    esac
    if [ "$rc" -eq "$code" ] && [ ! -s out ] && [ "$lines" -eq 1 ] && [ $match -eq 0 ]; then
        ok "$args -> exit $code, \"$text\""
    else
        bad "$args: exit $rc (want $code), stdout $(wc -c <out) bytes, $lines stderr lines: $(cat err)"
    fi
done <table

# Extreme but legal: finite numbers or a one-line numerical failure, in
# bounded time.  The time of each case is printed for the README's limits.
finite_csv() { awk -F, 'NR > 1 { for (i = 1; i <= NF; i++) if ($i !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) exit 1 } END { exit NR < 2 }' "$1"; }
for amp in approx exact; do
    for a in "--beta 1e-4" "--beta 50" "--dx 1e-3" "--mass 100" "--gamma 1e6" \
             "--delta 50" "--lambda 0"; do
        for cmd in steady map; do
            t0=$(date +%s.%N)
            # shellcheck disable=SC2086
            timeout 60 "$COLRES" $cmd $a --amplitudes $amp --quiet >out 2>err
            rc=$?
            t=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
            desc="$cmd $a --amplitudes $amp (${t}s)"
            if [ $rc -eq 0 ] && finite_csv out && [ ! -s err ]; then
                ok "$desc: exit 0, finite"
            elif [ $rc -eq 1 ] && [ ! -s out ] && [ "$(wc -l <err)" -eq 1 ] &&
                 grep -q '^colres: [a-z -]*: ' err; then
                ok "$desc: exit 1, $(cat err)"
            else
                bad "$desc: exit $rc, stdout $(head -c 200 out), stderr $(cat err)"
            fi
        done
    done
done

echo "1..$n"
exit $fail
