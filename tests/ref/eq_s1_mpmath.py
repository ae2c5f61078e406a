#!/usr/bin/python3
# Eq. S1 at 50 significant digits with mpmath (python3-mpmath), written
# from the equation alone: s+_{j'j}(E) = e^{-iL(k_j'+k_j)/2} <j'|e^{iLK}|j>,
# K = sqrt(2m(E - H_tot)) through the eigenvectors of H_tot, k_j =
# sqrt(2m(E - e_j)).  Prints the C initialisers used by
# tests/check_amplitudes.c (amp_highprec) -- run by hand, not by make check.
import mpmath as mp
mp.mp.dps = 50

def s1(levels, C, lam, m, L, E):
    n = len(levels)
    H = mp.matrix(n, n)
    for a in range(n):
        for b in range(n):
            H[a, b] = lam * C[a][b] + (levels[a] if a == b else 0)
    w, V = mp.eighe(H)
    E = mp.mpf(E)
    k = [mp.sqrt(2 * m * (E - e)) for e in levels]
    s = [[0] * n for _ in range(n)]
    for a in range(n):
        for b in range(n):
            acc = mp.mpc(0)
            for q in range(n):
                acc += V[a, q] * mp.conj(V[b, q]) * mp.exp(1j * L * mp.sqrt(2 * m * (E - w[q])))
            s[a][b] = acc * mp.exp(-1j * L * (k[a] + k[b]) / 2)
    return s

def show(name, levels, C, lam, m, L, energies):
    n = len(levels)
    print("/* %s */" % name)
    for E in energies:
        s = s1(levels, C, lam, m, L, E)
        row = ", ".join("{ %s, %s }" % (mp.nstr(mp.re(s[a][b]), 20), mp.nstr(mp.im(s[a][b]), 20))
                        for a in range(n) for b in range(n))
        print("{ %s, { %s } }," % (mp.nstr(mp.mpf(E), 3), row))

half = mp.mpf('0.3')
show("qubit, the paper's defaults (Delta 0.6, lambda 1, m 0.1, L 1)", [-half, half],
     [[0, 1 + 1j], [1 - 1j, 0]], 1, mp.mpf('0.1'), 1,
     ['1e2', '1e6', '1e10', '1e14', '1e16'])
show("qutrit: levels -0.6,0,0.6 (as centred), ladder <j|C|j+1> = 1+i, lambda 1, m 0.1, L 1",
     [mp.mpf('-0.6'), mp.mpf(0), mp.mpf('0.6')],
     [[0, 1 + 1j, 0], [1 - 1j, 0, 1 + 1j], [0, 1 - 1j, 0]], 1, mp.mpf('0.1'), 1,
     ['1e2', '1e6', '1e10', '1e14'])
