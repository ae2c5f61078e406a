/*
 * colres/mean.h — the mean evolution ρ(t) = e^{ℒt} ρ(0) (Eq. 8) for any N,
 * prepared once per (map, Γ, levels) and evaluated at any t.
 *
 * Trace preservation splits ℒ: the steady state ρ_ss (trace 1) and the
 * traceless matrices, which ℒ maps into themselves and where every mode
 * decays.  So ρ(t) = ρ_ss + e^{ℒ't}(ρ(0) - ρ_ss), with ℒ' the restriction
 * (the real form without ρ_00, fixed by the trace), evaluated from the
 * eigendecomposition ℒ' = V Λ V^{-1} (GSL's nonsymmetric eigensolver): one
 * preparation, then O(N⁴) per time, the trace exactly 1 and the decaying
 * modes underflowing to the steady state at any t.  Where V is
 * ill-conditioned (near an exceptional point, condition number above
 * 1e4), the restriction's matrix exponential at each t instead (GSL,
 * scaling and squaring of a decaying generator: stable at any t).  Where
 * the steady state is not unique, the full ℒ's exponential at each t (the
 * trace is then checked: an answer off by more than 1e-9 is refused).
 * A decay rate within 1e3 times the eigenvalues' round-off of zero is not
 * resolved: a t at which it would matter is refused (CR_ENUMERIC, with
 * the largest t that is answered).
 *
 * cr_nevolve() (colres/ndynamics.h) and cr_dynamics_evolve() keep one
 * prepared cr_nmean per thread and reuse it while the map, Γ and the
 * levels stay the same, so a curve of points costs one preparation.
 *
 * Ownership: cr_nmean_alloc/free (free is NULL-safe).
 * Threads: one cr_nmean per thread (evaluation uses its workspace).
 * Errors: CR_EINVAL (N out of range, a state of another N), CR_ENOMEM,
 * CR_ENUMERIC (a solver failed, an unresolved t), message in err.
 */
#ifndef COLRES_MEAN_H
#define COLRES_MEAN_H

#include <stddef.h>

#include "colres/ndynamics.h"

typedef struct cr_nmean cr_nmean;

enum cr_nmean_method {
    CR_MEAN_EIGEN = 0,  /* steady state + eigenmodes */
    CR_MEAN_EXPM,       /* steady state + e^{ℒ't} per t */
    CR_MEAN_FULL        /* no unique steady state: e^{ℒt} per t */
};

cr_nmean *cr_nmean_alloc(void);
void cr_nmean_free(cr_nmean *m);

int cr_nmean_prepare(cr_nmean *m, const cr_nmap *S, double gamma, const double *e,
                     char *err, size_t errlen);

/* ρ(t) = e^{ℒt} ρ0, t >= 0. */
int cr_nmean_at(cr_nmean *m, const cr_nstate *rho0, double t, cr_nstate *out,
                char *err, size_t errlen);

/* The method the preparation chose (tests, bench). */
int cr_nmean_method(const cr_nmean *m);

#endif
