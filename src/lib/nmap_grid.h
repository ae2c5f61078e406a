/* nmap_grid.h — the entries of an N-level scattering map (Eq. 17) on a
 * shared grid: their amplitude energies, classes of d, lower ends and the
 * integrand of all of them at one node (nmap.c), integrated by the panel
 * walker (nmap_panels.c).  Private to src/lib. */
#ifndef COLRES_LIB_NMAP_GRID_H
#define COLRES_LIB_NMAP_GRID_H

#include <complex.h>

#include "colres/nlevel.h"
#include "panel_rule.h"

enum { MAX_LEVELS = 2 * CR_NMAX, MAX_OFF = CR_NMAX * CR_NMAX * CR_NMAX,
       MAX_ENT = CR_NMAX2 * CR_NMAX2 };

typedef struct nentry {
    int jp, kp, j, k, row, col;
    int o1, o2, cls;
    int i1, i2;      /* its amplitudes in sp/sm: o1·N² + j'N + j, o2·N² + k'N + k */
    int population;  /* approx: μ|s|² (Eq. 20) */
    int transfer;    /* j = k, j' = k', j != j': a transfer probability */
    int self_conj;   /* its own Hermitian mirror: real */
    double low;      /* lower end of its integral */
} nentry;

typedef struct ngrid {
    const cr_params *par;
    const cr_nsystem *sys;
    int n, exact;
    double node[GL_ORDER], weight[GL_ORDER];
    int ne;
    nentry *e;
    int *cls, *transfer;                 /* [ne]: the entries' for the walker */
    int n_off;
    double off[MAX_OFF];
    int n_lev;                           /* E_j then w_n */
    double level[MAX_LEVELS];
    double *gap, *thr;                   /* [o * MAX_LEVELS + x] */
    int n_cls;
    double d[MAX_ENT];
    double complex proj[CR_NMAX][CR_NMAX2];  /* φ_q[a] conj φ_q[b] */
    double pmax, vscale;
    /* Per node scratch. */
    double complex *sp, *sm;             /* [o * N² + a * N + b] */
    double *env;
    double complex *shift;
    int *need;                           /* offsets used by live entries */
    unsigned char *need_ab;              /* [o * N² + a * N + b]: an entry uses
                                          * approx s_ab at offset o */
    const int *act;                      /* the live entries (walker's) */
    int n_act;
    double *per_off;                     /* phase bound scratch [n_off] */
    /* Failure. */
    int panel_cap;
    double failed_p;
    int failed_entry;
} ngrid;

/* Validated parameters, their system and the grid of entries (half: only
 * one of each Hermitian pair; 0: all of them, for the reference); sys must
 * outlive g.  cr_ngrid_free releases what it holds. */
int cr_ngrid_setup(ngrid *g, cr_nsystem *sys, const cr_params *p, int half,
                   char *err, size_t errlen);
void cr_ngrid_free(ngrid *g);

/* The integrand of the live entries (g->act; the others are left, and
 * the walker keeps them 0) at p = base + off into f[ne], the Gaussian of Eq. 23 inside unless with_gauss is 0
 * (then exp(Δx²·garg[class]) is left out); the walker's node callback. */
int cr_ngrid_node(void *ctx, double base, double off, int with_gauss, double complex *f,
                  double *garg);

/* One entry's integrand at p (the reference's; needs only its offsets). */
int cr_ngrid_entry_at(ngrid *g, const nentry *c, double p, double complex *v);

/* Momenta where E_p + off_o reaches a level (exact: every E_j and w_n;
 * approx: e_max) for the given offsets; appended to out. */
int cr_ngrid_thresholds(const ngrid *g, const int *offs, int n_offs, double *out, int nb,
                        int all_levels);

/* The map from the computed entries (mirrors from Hermiticity if half). */
int cr_ngrid_fill(const ngrid *g, const double complex *v, int half, cr_nmap *out,
                  char *err, size_t errlen);

#endif
