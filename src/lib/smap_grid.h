/* smap_grid.h — one scattering map's entries on a shared quadrature grid:
 * what they share (amplitude energies, classes of d, phase bounds) and the
 * integrand of all of them at one node (smap_grid.c), used by the panel
 * quadrature and the Δx rows (smap_panels.c).  Private to src/lib. */
#ifndef COLRES_LIB_SMAP_GRID_H
#define COLRES_LIB_SMAP_GRID_H

#include <complex.h>

#include "colres/amplitudes.h"
#include "colres/params.h"
#include "colres/smap.h"
#include "smap_entry.h"

enum { K_OWN = -1, K_IS_P = -2 };

enum {
    MAX_ENTRIES = 10, /* computed entries; Hermiticity gives the other 6 */
    MAX_OFFS = 4,     /* distinct amplitude energies E_p + off */
    MAX_CLASSES = 4   /* distinct d, zero included */
};

/* Everything one map's quadrature shares across its entries. */
typedef struct cr_smap_grid {
    const cr_params *par;
    const cr_system *sys;
    const cr_smap_workspace *ws;       /* GL nodes (smap_panels.c) */
    int exact;
    double fine;
    double dx2;                        /* Δx² of the Gaussian (map path) */
    int n;                             /* computed entries */
    entry_ctx e[MAX_ENTRIES];
    int row[MAX_ENTRIES], col[MAX_ENTRIES];
    int o1[MAX_ENTRIES], o2[MAX_ENTRIES], cls[MAX_ENTRIES];
    int population[MAX_ENTRIES];       /* approx: μ|s|², Eq. 20 */
    double low[MAX_ENTRIES];           /* lower end of each integral */
    int n_off;
    double off[MAX_OFFS];
    double threshold_p[MAX_OFFS][4], gap[MAX_OFFS][4];
    int n_cls;
    double d[MAX_CLASSES];
    /* Approx amplitudes at a node (cr_smap_grid_node): the populations
     * (μ|s|²) and the other entries, by flat indices into the per-node
     * tables of amplitudes [o][a][b] → 4o + 2a + b and phases θ_ab [o][a+b]
     * → 3o + a + b. */
    int n_pop, pop_entry[MAX_ENTRIES], pop_amp[MAX_ENTRIES];
    int n_coh, coh_entry[MAX_ENTRIES], coh_cls[MAX_ENTRIES], coh_phase[MAX_ENTRIES];
    int coh_amp1[MAX_ENTRIES], coh_amp2[MAX_ENTRIES];
    /* The distinct phases θ[th1] - θ[th2] - φ[cls] of those entries: both
     * amplitudes at one energy E_o give θ_{o,s} - θ_{o,s'} = (s' - s)·L(k_1 -
     * k_0)/2 (s = a + b), which only s' - s tells apart. */
    int n_phase, phase_th1[MAX_ENTRIES], phase_th2[MAX_ENTRIES], phase_cls[MAX_ENTRIES];
    /* Node constants: β/m, β/2m, 1/2m, L·m, L·m·R, 1/R, Re and Im h_ab. */
    double beta_m, beta_2m, inv_2m, lm, lmr, inv_r, h_re[4], h_im[4];
    /* Where the channel wave number k_x = √(2m(E_o - e_x)) at energy o is
     * already known: E_o - e_x = E_p + (off_o - e_x) is E_p (k = p) or
     * E_p - d for a class (k = π): K_IS_P, a class, or K_OWN. */
    int k_src[MAX_OFFS][2];
    /* Failure. */
    int status, panel_cap;
    double failed_p;
    int failed_entry;
} cr_smap_grid;

/* Fill g for p (entries, their shared energies and classes, lower ends);
 * fine scales the panel widths (1: the production rule). */
void cr_smap_grid_init(cr_smap_grid *g, const cr_smap_workspace *ws, const cr_params *par,
                       const cr_system *sys, double fine);

/* The integrand of every entry at p = base + off: f[i], without the
 * Gaussian factor of Eq. 23 unless with_gauss (then joined into μ's
 * exponential); the Gaussian is exp(Δx² · garg[class]).  Returns CR_OK, or
 * the amplitudes' failure (f then undefined; g->failed_p and
 * g->failed_entry say where). */
int cr_smap_grid_node(cr_smap_grid *g, double base, double off, int with_gauss,
                      double complex f[MAX_ENTRIES], double garg[MAX_CLASSES]);

/* The phases that bound how fast the integrands turn, at one momentum p,
 * for every amplitude energy E_o and class of d: the approx beat L·mR/σ
 * between the two modes of H_tot (which |s|² follows) and θ_{ab} =
 * L(σ - (k_a + k_b)/2) by a + b (below e_max Eq. S1 is the identity: the
 * phases stay at their e_max values); for exact amplitudes the internal
 * wave numbers q_n; and the packet's p - π = 2md/(p + π) (Eq. 23). */
typedef struct cr_smap_phase_point {
    double E[MAX_OFFS], beat[MAX_OFFS], theta[MAX_OFFS][3], q[MAX_OFFS][2];
    double shift[MAX_CLASSES];
} cr_smap_phase_point;

void cr_smap_grid_phase_at(const cr_smap_grid *g, double p, cr_smap_phase_point *pp);

/* A bound on how many radians any entry's integrand turns through on
 * [pa, pb], from the phase points A at pa and B at pb. */
double cr_smap_grid_phase(const cr_smap_grid *g, double pb, const cr_smap_phase_point *A,
                          const cr_smap_phase_point *B);

#endif
