/* panel_rule.h — the quadrature panel rule shared by the qubit's map
 * (smap_panels.c) and the N-level map (nmap.c).  Private to src/lib. */
#ifndef COLRES_LIB_PANEL_RULE_H
#define COLRES_LIB_PANEL_RULE_H

/* Panel rule: GL_ORDER Gauss–Legendre nodes per panel; a panel spans at
 * most PANEL_MU thermal momenta √(m/β), PANEL_DECAY e-folds of μ's tail,
 * PANEL_GRADE times its distance to the nearest branch point behind it,
 * and turns the integrand of every entry through at most PANEL_PHASE
 * radians (PANEL_PHASE_EXACT for exact amplitudes, whose near-resonant
 * reflection sharpens features beyond what the phase bound sees), measured
 * by cr_smap_entry_phase() across the panel rather than from a rate at its
 * start.  Chosen by comparing with the adaptive reference over extreme
 * parameters (tests/check_smap.c): approx with phase 3, 5, 7 agreed to
 * 4e-12, 2e-12, 2e-12 up to m = 1e5, β = 1e-5; exact with 6 missed by 8e-9
 * at m = 100 (2: 1e-14), with 2 by 3.5e-9 at m = 1000, β = 1 (1.5: 3.2e-11). */
enum { GL_ORDER = 12, MAX_PANELS = 1 << 20 };
#define PANEL_MU 1.0
#define PANEL_PHASE 6.0
#define PANEL_PHASE_EXACT 1.5
#define PANEL_GRADE 1.5
#define PANEL_DECAY 8.0

/* Exact amplitudes vary near a channel threshold on scales no a-priori
 * rule sees (a quasi-bound state just below it): panels that touch a
 * threshold are bisected in t until the halves reproduce the whole. */
#define ADAPT_TOL 1e-11

#endif
