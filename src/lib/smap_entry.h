/* smap_entry.h — one entry of the scattering map's integral (Eq. 17),
 * shared by the production quadrature (smap.c) and the adaptive reference
 * (smap_reference.c).  Private to src/lib. */
#ifndef COLRES_LIB_SMAP_ENTRY_H
#define COLRES_LIB_SMAP_ENTRY_H

#include <complex.h>

#include "colres/amplitudes.h"
#include "colres/params.h"
#include "colres/smap.h"

enum { MAX_BREAKS = 16 };

/* One entry S^{jk}_{j'k'} of Eq. 17: its indices, the constants of its
 * integrand and the amplitude model. */
typedef struct entry_ctx {
    const cr_params *par;
    const cr_system *sys;
    int jp, kp, j, k;
    double d;        /* Δ_{j'j} - Δ_{k'k}: π² = p² - 2m d */
    double off1;     /* E1 = E_p + off1, off1 = e_j */
    double off2;     /* E2 = E_p + off2, off2 = e_{k'} - Δ_{j'j} */
    double p_inf;
    /* Exact amplitudes: for energy o (E1, E2) and level x (e_0, e_1, w_0,
     * w_1), gap = level - offset and, where it is > 0, the momentum
     * threshold_p = √(2m·gap) at which E_o crosses the level, computed as
     * the breakpoints are (momenta_at), so that E_o - level is exact there. */
    double gap[2][4], threshold_p[2][4];
    int status;
    double fine;         /* 1: the production rule; < 1: panels scaled down */
    int panel_cap;       /* failed: MAX_PANELS reached */
    double failed_p;     /* failed: an amplitude failed at this momentum */
} entry_ctx;

void cr_smap_entry_init(entry_ctx *c, const cr_params *par, const cr_system *sys,
                        int jp, int kp, int j, int k);

/* The integrand of Eq. 17 at momentum p > p_inf (both α for exact); an
 * amplitude failure sets c->status and returns 0. */
double complex cr_smap_integrand(entry_ctx *c, double p);

/* Momenta (sorted, unique, from lo to hi, both included) where the
 * integrand is not smooth; returns how many, at most MAX_BREAKS. */
int cr_smap_entry_breaks(const entry_ctx *c, double lo, double hi, double *out);

/* Branch points of the integrand in p (sorted, p = 0 included): where a
 * channel wave number, an internal q_n or π(p) vanishes; returns how many. */
int cr_smap_entry_singular(const entry_ctx *c, double *out);

/* The production quadrature (smap_panels.c): the map at p, the panel
 * widths scaled by fine (1: the production rule). */
int cr_smap_panels(cr_smap_workspace *w, const cr_params *p, const cr_system *sys,
                   double fine, cr_map *out, char *err, size_t errlen);

#endif
