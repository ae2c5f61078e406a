/*
 * colres/ensemble.h — K Poissonian trajectories (Eq. 5) from one seed, run
 * together, and their statistics: the ensemble mean and standard error of
 * every entry of ρ, and the mean of |ρ_jk| over the trajectories (the
 * coherence each trajectory carries, which does not average out as the
 * mean's does).
 *
 * Member i (0-based) is seeded with seed + i and steps through the same
 * code as a cr_ntraj: it is the trajectory `colres trajectory --seed
 * SEED+i` prints, bit for bit, at its collisions.  Between collisions a
 * member's state precesses freely, ρ_jk(t) = e^{-i(E_j - E_k)(t - t_n)}
 * ρ_jk(t_n), so the ensemble can be looked at any time, not only at
 * collisions.
 *
 * Ownership: cr_ens_alloc() / cr_ens_free() (NULL safe); the caller owns
 * every array passed in and out.
 * Threads: a cr_ens belongs to one thread.  cr_ens_run() starts its own
 * workers (threads, 0: one per online CPU) with every signal blocked and
 * joins them; its result does not depend on the number of threads.
 * Errors: CR_EINVAL (K, N or the times out of range) and CR_ECANCEL, with
 * a message; CR_ENOMEM when allocation fails.
 */
#ifndef COLRES_ENSEMBLE_H
#define COLRES_ENSEMBLE_H

#include <signal.h>
#include <stddef.h>

#include "colres/ndynamics.h"

#define CR_ENS_KMAX 10000000UL
#define CR_NPAIRS (CR_NMAX * (CR_NMAX - 1) / 2)

/* Statistics of an ensemble at one time, in the real form of ρ: x =
 * (ρ_00, ..., ρ_{N-1,N-1}, then Re ρ_jk, Im ρ_jk for j < k in the order
 * (0,1), (0,2), ..., (1,2), ...); for the qubit (ρ00, ρ11, Re ρ01, Im ρ01).
 * sem = √(s²/K) with s² the unbiased sample variance (0 when K = 1). */
typedef struct cr_ens_stats {
    int n;                          /* N */
    size_t k;                       /* trajectories */
    double t;                       /* time */
    double mean[CR_NMAX2];
    double sem[CR_NMAX2];
    double abs_mean[CR_NPAIRS];     /* mean over trajectories of |ρ_jk|, pair order */
} cr_ens_stats;

typedef struct cr_ens cr_ens;

/* K trajectories (1 ≤ K ≤ CR_ENS_KMAX), each a qubit from |1><1| with
 * S = identity until a map is set, as a new cr_ntraj.  NULL when out of
 * memory or K is out of range. */
cr_ens *cr_ens_alloc(size_t k);
void cr_ens_free(cr_ens *e);
size_t cr_ens_size(const cr_ens *e);

/* Every member from rho0 at t = 0, member i seeded with seed + i. */
void cr_ens_reset_to(cr_ens *e, unsigned long seed, const cr_nstate *rho0);

/* The map, Γ and the energies of later steps (as cr_ntraj_set_map); an N
 * that differs from the state's stops the members until they agree. */
void cr_ens_set_map(cr_ens *e, const cr_nmap *S, double gamma, const double *energies);
void cr_ens_set_dephase(cr_ens *e, int on);

/* Move the ensemble's clock to t (≥ the current time; an earlier t is
 * ignored): every collision at a time ≤ t happens. */
void cr_ens_advance_to(cr_ens *e, double t);
double cr_ens_time(const cr_ens *e);

/* Member i at the ensemble's time (precessed since its last collision),
 * its number of collisions and the times of its last and next ones. */
void cr_ens_member_state(const cr_ens *e, size_t i, cr_nstate *rho);
unsigned long cr_ens_member_count(const cr_ens *e, size_t i);
double cr_ens_member_last(const cr_ens *e, size_t i);
double cr_ens_member_next(const cr_ens *e, size_t i);

/* Statistics of the members at the ensemble's time. */
void cr_ens_stats_now(const cr_ens *e, cr_ens_stats *out);

/* The batch form: K members of seed + i from rho0 under S, Γ, energies
 * (and D when dephase), looked at the times[0..nt-1] (non-decreasing,
 * ≥ 0); out[j] holds the statistics at times[j].  Workers take fixed
 * blocks of members and the blocks are combined in order, so the numbers
 * are the same for any thread count.  *cancel (may be NULL) non-zero stops
 * the work: CR_ECANCEL. */
int cr_ens_run(const cr_nmap *S, double gamma, const double *energies, int dephase,
               const cr_nstate *rho0, size_t k, unsigned long seed,
               const double *times, size_t nt, int threads,
               volatile sig_atomic_t *cancel, cr_ens_stats *out,
               char *err, size_t errlen);

#endif
