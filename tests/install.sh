#!/bin/sh
# The install, used as a user would: `make install DESTDIR=<scratch>`, then
# the README's C example (taken from the README) built with the README's
# pkg-config command against the installed tree, and the installed Python
# module imported by the README's command from a clean environment (env -i:
# no COLRES_LIBRARY, no LD_LIBRARY_PATH); both must print the numbers the
# README quotes.  Also: the library's soname, the headers, colres.pc.
# Needs COLRES_BUILDDIR, MAKE, PYTHON (TESTS_ENVIRONMENT).  Skipped in
# sanitizer builds (the example would need the sanitizer's runtime).
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
if [ -n "$(echo "${COLRES_SANITIZERS:-}" | tr -d ' ')" ]; then
    echo "1..0 # SKIP sanitizer build"
    exit 77
fi
readme=${COLRES_SRCDIR:-.}/README
dest=$tmp/dest
if ${MAKE:-make} -C "${COLRES_BUILDDIR:?}" install DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
    ok "make install DESTDIR=scratch"
else
    tail -n 30 "$tmp/install.log"
    bad "make install DESTDIR=scratch"
fi
pc=$(find "$dest" -name colres.pc | head -n 1)
lib=$(find "$dest" -name 'libcolres.so.*' -type f | head -n 1)
check "colres.pc installed" [ -n "$pc" ]
check "libcolres.so installed" [ -n "$lib" ]
check "soname libcolres.so.0" [ "$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" = libcolres.so.0 ]
check "libcolres.a installed" [ -n "$(find "$dest" -name libcolres.a)" ]
check "colres/colres.h installed" [ -n "$(find "$dest" -path '*/include/colres/colres.h')" ]
check "only cr_ names exported" [ -z "$(nm -D --defined-only "$lib" | awk '$3 !~ /^cr_/')" ]

# section TITLE: the README's section of that title (to the next title).
section() {
    awk -v t="$1" '{ l[NR] = $0 }
        END { for (i = 1; i < NR; i++) if (l[i] == t && l[i + 1] ~ /^-+$/) { s = i + 2; break }
              for (i = s; s > 0 && i <= NR; i++) { if (l[i] != "" && l[i + 1] ~ /^-+$/) break; print l[i] } }' "$readme"
}
# indented LINES: the indented lines of stdin, indent removed.
unindent() { sed -n 's/^    //p'; }

# ---- C: the README's ex.c and its pkg-config command ----
section "From C" >"$tmp/c.txt"
awk '/^    #include <stdio.h>/ { on = 1 } on { print } on && /^    }$/ { exit }' "$tmp/c.txt" | unindent >"$tmp/ex.c"
grep '^    rho0' "$tmp/c.txt" | unindent >"$tmp/c.expected"
cmd=$(grep '^    cc ex.c' "$tmp/c.txt" | unindent)
check "README: ex.c is at most 15 lines" [ "$(wc -l <"$tmp/ex.c")" -ge 10 ] && [ "$(wc -l <"$tmp/ex.c")" -le 15 ]
check "README: the C example's output has 2 lines" [ "$(wc -l <"$tmp/c.expected")" -eq 2 ]
check "README: the C example's command" [ "$cmd" = 'cc ex.c $(pkg-config --cflags --libs colres) && ./a.out' ]
libdir=$(dirname "$lib")
if (cd "$tmp" && PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_PATH=$(dirname "$pc") \
        sh -c "$cmd" >"$tmp/c.out" 2>"$tmp/c.err"); then
    ok "README's C example builds and runs against the installed tree"
else
    cat "$tmp/c.err"
    bad "README's C example builds and runs against the installed tree"
fi
check "README's C example prints the README's numbers" cmp -s "$tmp/c.out" "$tmp/c.expected"
# It ran without LD_LIBRARY_PATH: colres.pc's run path (pkg-config puts
# the sysroot before it here, as before -L and -I).
runpath() { readelf -d "$tmp/a.out" | grep -q "R.*PATH.*${libdir#"$dest"}\]"; }
check "a.out's run path is the installed libdir" runpath
check "rho00 = colres steady's" [ "$(sed -n 's/^rho00 = //p' "$tmp/c.out")" = \
    "$("$COLRES" steady --quiet | awk -F, 'NR == 2 { print $2 }')" ]

# ---- Python: the installed module, from a clean environment ----
pkg=$(dirname "$(find "$dest" -path '*/colres/__init__.py' | head -n 1)")
section "From Python" >"$tmp/py.txt"
pycmd=$(grep "^    python3 -c 'import colres" "$tmp/py.txt" | unindent)
grep '^     *\[' "$tmp/py.txt" | unindent >"$tmp/py.expected"
check "README: the Python example's output has 2 lines" [ "$(wc -l <"$tmp/py.expected")" -eq 2 ]
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
    echo "ok $((n + 1)) # SKIP no python3 with numpy"
    n=$((n + 1))
else
    # The README says python3: Debian's, which configure found as $PYTHON.
    pycmd_here=$(printf '%s' "$pycmd" | sed "s|^python3 |\"\$PYTHON\" |")
    (cd "$tmp" && env -i PATH=/usr/bin:/bin PYTHON="$PYTHON" PYTHONPATH="$(dirname "$pkg")" \
        sh -c "$pycmd_here" >"$tmp/py.out" 2>"$tmp/py.err")
    cat "$tmp/py.err"
    check "README's Python example prints the README's numbers" cmp -s "$tmp/py.out" "$tmp/py.expected"
    (cd "$tmp" && env -i PATH=/usr/bin:/bin PYTHONPATH="$(dirname "$pkg")" "$PYTHON" -c \
        'import colres, colres._api as a; print(colres.__file__); print(a.lib._name)' >"$tmp/where")
    check "the installed module imported" grep -q "^$dest/.*/colres/__init__.py" "$tmp/where"
    check "it loaded the installed library (no library path set)" grep -q "^$dest/.*libcolres.so.0$" "$tmp/where"
    # The README's matplotlib examples, where matplotlib is installed.
    if "$PYTHON" -c 'import matplotlib' 2>/dev/null; then
        awk '/^    import colres, matplotlib/ { k++ } /^    import colres, matplotlib/, /savefig/ { print > (dir "/mpl" k ".py") }' \
            dir="$tmp" "$tmp/py.txt"
        for f in "$tmp"/mpl1.py "$tmp"/mpl2.py; do
            sed -i 's/^    //' "$f"
            (cd "$tmp" && env -i PATH=/usr/bin:/bin MPLBACKEND=Agg HOME="$tmp" PYTHONPATH="$(dirname "$pkg")" \
                "$PYTHON" "$f" 2>"$tmp/mpl.err")
            check "README's $(basename "$f") runs and writes its PNG" \
                [ -s "$tmp/$(sed -n 's/.*savefig("\(.*\)").*/\1/p' "$f")" ]
        done
    else
        echo "ok $((n + 1)) # SKIP no matplotlib: the README's plots not run"
        n=$((n + 1))
    fi
fi
echo "1..$n"
exit $fail
