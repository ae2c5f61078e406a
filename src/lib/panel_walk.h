/* panel_walk.h — the one panel walker of every scattering map (the
 * qubit's, smap_panels.c, and the N-level one, nmap_panels.c): breaks →
 * panel widths (the rule of panel_rule.h) → Gauss–Legendre → bisection of
 * the panels at a threshold, with the integrand a callback.  It also keeps
 * a Δx row (the nodes' integrands without the Gaussian and the Gaussian's
 * exponents) and polls the engine's cancel flag.  Private to src/lib. */
#ifndef COLRES_LIB_PANEL_WALK_H
#define COLRES_LIB_PANEL_WALK_H

#include <complex.h>
#include <signal.h>
#include <stddef.h>

#include "colres/params.h"
#include "panel_rule.h"

/* Sorted union of v (n values), dropping values within 1e-15 relative of
 * the previous one; returns the new count. */
int cr_unique_sorted(double *v, int n);

/* Index of x in v[0..*n) (|v - x| <= tol), appended if new. */
int cr_find_or_add(double *v, int *n, double x, double tol);

/* The distances E_o(p) - level of an amplitude energy E_o(p) = p²/2m + off
 * to n levels, at p = base + off_p: (p - P)(p + P)/2m with p - P =
 * (base - P) + off_p where the level's threshold momentum P > 0 (exact at
 * a panel's end on a threshold), p²/2m - gap elsewhere.  The one
 * "exact_at" of the exact amplitudes' callers. */
void cr_panel_above(const double *threshold_p, const double *gap, int n, double mass,
                    double base, double off_p, double *above);

/* A Δx row: the sums whose class has d != 0 keep, per live node, weight ×
 * integrand without the Gaussian (wf) and the Gaussian's exponent per unit
 * Δx² (garg, per such class); the d = 0 sums are constants.  The kept
 * sums are grouped by class (those of stored class c are k = vcls_start[c]
 * to vcls_start[c + 1] - 1), within a class in the order of the walk's
 * sort_key, so that a node's Gaussian scales one contiguous run of wf per
 * class.  A node keeps of each run only the prefix up to its last
 * non-zero value (cnt): a sum below its lower end is zero there. */
typedef struct cr_walk_row {
    int n_var, n_vcls;
    int *var_entry;                /* [n_var]: the sum */
    int *vcls_class;               /* [n_vcls]: the walk's class */
    int *vcls_start;               /* [n_vcls + 1]: first k of each class */
    size_t n_nodes, cap;
    double *garg;                  /* [node * n_vcls + class] */
    int *cnt;                      /* [node * n_vcls + class]: values kept */
    size_t *at;                    /* [node + 1]: the node's first value in wf */
    double complex *wf;            /* the nodes' kept values, one after another */
    size_t wf_cap;
    unsigned char *dead;           /* replaced by a refinement */
    int full;                      /* ran out of room */
} cr_walk_row;

typedef struct cr_walk cr_walk;

/* The integrand of every live sum at p = base + off (f[i]; the walker
 * keeps the others zero and the function leaves them); without the
 * Gaussian unless with_gauss (then inside it), the Gaussian being
 * exp(Δx² · garg[class]).  Returns CR_OK or a failure. */
typedef int (*cr_walk_node_fn)(void *ctx, double base, double off, int with_gauss,
                               double complex *f, double *garg);
/* The phase point at p into pp (a buffer of phase_size bytes). */
typedef void (*cr_walk_phase_at_fn)(void *ctx, double p, void *pp);
/* A bound on the radians a live integrand turns through between phase
 * points A and B (B at pb). */
typedef double (*cr_walk_phase_fn)(void *ctx, double pb, const void *A, const void *B);
/* The live sums on the segment starting at a, into act (NULL: all sums
 * always live); returns how many. */
typedef int (*cr_walk_segment_fn)(void *ctx, double a, int *act);

struct cr_walk {
    /* The problem. */
    int n;                         /* sums */
    int n_cls;                     /* classes of d; d[c] == 0: no Gaussian */
    const double *d;
    const int *cls;                /* [n] */
    const int *transfer;           /* [n]: a transfer probability */
    double dx2, mass, beta, fine;
    int exact;
    double b_min;                  /* grade towards i·b_min too (INFINITY: none) */
    double floor_sqrt;             /* refinement of transfers: + floor·√|I| */
    const double *br, *sing;       /* breaks and branch points, sorted */
    int nb, ns;
    double lo;                     /* lowest lower end of a live sum */
    const double *node, *weight;   /* GL_ORDER nodes and weights on [0, 1] */
    void *ctx;
    cr_walk_node_fn node_fn;
    cr_walk_phase_at_fn phase_at;
    cr_walk_phase_fn phase;
    cr_walk_segment_fn segment;
    size_t phase_size;
    cr_walk_row *store;            /* NULL: no Δx row */
    const double *sort_key;        /* [n] or NULL: the row's order in a class */
    /* The outcome. */
    int panel_cap;                 /* MAX_PANELS reached or foreseen (2: for the
                                    * range, not a phase) */
    double phase_total;            /* the fastest integrand's turn, lo to the end */
};

/* The walker returns CR_ECANCEL once the calling thread's cancel flag
 * (colres/cancel.h) is set: within one panel. */

/* The message of a map refused for its panels: the packet's phase and the
 * scatterer's over the thermal range (radians), and what sets them. */
int cr_walk_refusal(char *err, size_t errlen, int range, double packet, double scatterer,
                    double x0, double spacing, double length, double lambda);

/* Integrate every sum: with the Gaussian in full[n], without it in
 * free_[n]; fills the Δx row if w->store. */
int cr_walk_integrate(cr_walk *w, double complex *full, double complex *free_);

/* The Δx row: set up its sums and classes for a walk (before), drop the
 * nodes a refinement replaced (after), evaluate at Δx (values of the sums
 * with a Gaussian into v[var_entry]), free. */
int cr_walk_row_setup(cr_walk_row *r, const cr_walk *w);
void cr_walk_row_compact(cr_walk_row *r);
void cr_walk_row_eval(const cr_walk_row *r, double dx, double complex *v);
/* The same at m values of Δx in one pass over the nodes (v[j] for dx[j]);
 * each v[j] equals cr_walk_row_eval's at dx[j] bit for bit. */
void cr_walk_row_eval_many(const cr_walk_row *r, int m, const double *dx,
                           double complex *const *v);
void cr_walk_row_free(cr_walk_row *r);
/* The row's parameters with each dx[j] in turn must be valid (Δx is the
 * one thing a row's maps differ in): CR_OK or the first refusal. */
int cr_walk_row_check_dx(const cr_params *par, int m, const double *dx, char *err,
                         size_t errlen);
/* Append one node (or mark the row full); mark nodes [first, end) dead. */
void cr_walk_row_store(cr_walk_row *r, double wj, const double complex *f, const double *garg);
void cr_walk_row_kill(cr_walk_row *r, size_t first, size_t end);

#endif
