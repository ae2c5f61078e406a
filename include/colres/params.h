/*
 * colres/params.h — the parameter set: defaults, validation,
 * warnings and `name = value` parsing shared by command-line flags,
 * config files, presets and the TUI's value prompt.
 *
 * Ownership: cr_params is a plain value type, copied freely; no pointers.
 * Threads: every function is reentrant; no global state.
 * Errors: non-zero status (colres/status.h) and one line in err naming the
 * parameter, the offending value and the valid range.  On error the
 * cr_params passed in is left unchanged.
 */
#ifndef COLRES_PARAMS_H
#define COLRES_PARAMS_H

#include <stddef.h>

enum cr_amp_model { CR_AMP_APPROX = 0, CR_AMP_EXACT = 1 };

/* Largest number of levels of the system (`levels`, from 2 to CR_NMAX). */
#define CR_NMAX 8

typedef struct cr_params {
    double gamma;   /* Γ, collision rate */
    double delta;   /* Δ, level spacing */
    double dx;      /* Δx, packet width */
    double beta;    /* β, inverse temperature */
    double mass;    /* m, particle mass */
    double lambda;  /* λ, interaction strength */
    double length;  /* L, width of the scattering region */
    double x0;      /* initial packet centre */
    double rough_s; /* s of the rough estimate, Eq. 24 / S10 */
    int amplitudes; /* enum cr_amp_model */
    /* The level scheme and the coupling (names `levels`, `coupling`).
     * levels[0..nlevels-1] are the energies as given (ascending, distinct);
     * only their shape counts: the energies used are
     * cr_params_energies(), which scale the spacings so that
     * E_1 - E_0 = Δ.  Setting `levels` sets Δ = levels[1] - levels[0]; a
     * later Δ rescales.  Default: N = 2, levels -1/2, +1/2.
     * coupling_re/_im[j][k] = C_jk (V = λC) in the eigenbasis of H_S,
     * Hermitian; used in the top-left nlevels × nlevels block.  While
     * coupling_set is 0 the coupling is the default ladder
     * <j|C|j+1> = 1+i, <j+1|C|j> = 1-i (σx + σy for a qubit), and follows
     * nlevels; `coupling` sets it explicitly (coupling_n × coupling_n,
     * which cr_params_validate() checks against nlevels). */
    int nlevels;
    double levels[CR_NMAX];
    int coupling_set, coupling_n;
    double coupling_re[CR_NMAX][CR_NMAX];
    double coupling_im[CR_NMAX][CR_NMAX];
} cr_params;

/* Indices of the numeric parameters, in table order. */
enum cr_param_id {
    CR_P_GAMMA = 0, CR_P_DELTA, CR_P_DX, CR_P_BETA, CR_P_MASS,
    CR_P_LAMBDA, CR_P_LENGTH, CR_P_X0, CR_P_ROUGH_S,
    CR_P_COUNT
};

typedef struct cr_param_info {
    const char *name;        /* CLI / config name, e.g. "gamma" */
    const char *symbol;      /* display symbol, UTF-8, e.g. "Γ" */
    const char *ascii;       /* ASCII display symbol, e.g. "G" */
    const char *meaning;     /* one-line description */
    double def;              /* the paper's default */
    const char *range;       /* human-readable valid range, e.g. "1e-6 to 1e6" */
    int log_scale;           /* sliders/sweeps default to log spacing */
    double min, max;         /* valid range, inclusive (x0: also < -length/2) */
} cr_param_info;

/* The table of numeric parameters; n receives CR_P_COUNT. */
const cr_param_info *cr_param_table(void);

/* Lookup by name; returns the id or -1. */
int cr_param_lookup(const char *name);

double cr_param_get(const cr_params *p, int id);
/* Set without validation (for sweeps); caller validates afterwards. */
void cr_param_put(cr_params *p, int id, double value);
/* Equal parameter sets (amplitude model included), ignoring the parameters
 * whose bit (1u << id) is set in skip. */
int cr_params_equal(const cr_params *a, const cr_params *b, unsigned skip);

void cr_params_default(cr_params *p);

/* The energies E_0 < ... < E_{N-1} of H_S used everywhere, N = p->nlevels:
 * the given levels centred on their mean and scaled so that
 * E_1 - E_0 = Δ (for the default qubit exactly -Δ/2, +Δ/2).  Returns N. */
int cr_params_energies(const cr_params *p, double e[CR_NMAX]);

/* The coupling matrix C in use (the default ladder while coupling_set is
 * 0), N × N of the CR_NMAX × CR_NMAX arrays; returns N. */
int cr_params_coupling(const cr_params *p, double re[CR_NMAX][CR_NMAX],
                       double im[CR_NMAX][CR_NMAX]);

/* Non-zero for the paper's system: N = 2 and C = σx + σy.  Everything
 * then takes the qubit's fast paths (colres/smap.h, colres/dynamics.h)
 * and the output is the qubit's. */
int cr_params_is_qubit(const cr_params *p);

/* `levels` and `coupling` as text, the form cr_params_set() reads:
 * "E0,E1,..." (%.17g) and "ROW;ROW;..." with entries a, a+bi or a-bi.
 * snprintf semantics. */
int cr_params_format_levels(const cr_params *p, char *buf, size_t buflen);
int cr_params_format_coupling(const cr_params *p, char *buf, size_t buflen);

/* Parse `value` strictly (whole string a finite number, no overflow) and
 * check the range of this one parameter.  Accepts "amplitudes" with
 * "approx" / "exact" as well, "levels" ("E0,E1,...": 2 to CR_NMAX finite,
 * strictly ascending numbers, E_{N-1} - E0 at most 1e6 times E1 - E0;
 * sets Δ = E1 - E0, which must be in Δ's range) and "coupling" ("ROW;ROW;...", rows of comma-separated entries
 * a, a+bi, a-bi, bi; square, at most CR_NMAX, Hermitian to 1e-12
 * relative, finite).  The message names the offending entry.  Cross-parameter conditions (x0 < -L/2) are
 * left to cr_params_validate(). */
int cr_params_set(cr_params *p, const char *name, const char *value,
                  char *err, size_t errlen);

/* Check every parameter and the cross-parameter conditions (x0 < -L/2; an
 * explicit coupling's size equals the number of levels). */
int cr_params_validate(const cr_params *p, char *err, size_t errlen);

/* Apply a `name = value` file (# comments, blank lines).  Unknown names,
 * duplicated keys, bad values and non-text bytes are errors reported as
 * "FILE:LINE: ...".  All-or-nothing: p changes only on success.  A file
 * that sets x0 or length must leave x0 < -length/2 (checked on the result,
 * reported at the later of the two lines).  A leading UTF-8 byte order
 * mark is skipped.  Keys `view.*` and `caption` are a preset's screen
 * settings, read by the view layer, and skipped here. */
int cr_params_load_file(cr_params *p, const char *path,
                        char *err, size_t errlen);

/* Same, from a NUL-terminated buffer; `origin` names it in messages. */
int cr_params_load_text(cr_params *p, const char *text, size_t len,
                        const char *origin, char *err, size_t errlen);

/* Write p as a `name = value` file body (%.17g) into buf. Returns the
 * length that would have been written (snprintf semantics).  `levels`
 * (before `delta`, which then rescales) and `coupling` (last) are written
 * only when they differ from cr_params_default()'s, so the default body is
 * the qubit's ten lines; an 8x8 coupling makes it some 4 KB. */
int cr_params_format(const cr_params *p, char *buf, size_t buflen);

/* Warnings: legal but questionable conditions.  Fills up
 * to max messages of CR_WARN_LEN bytes each; returns how many. */
#define CR_WARN_MAX 4
#define CR_WARN_LEN 160
int cr_params_warnings(const cr_params *p, char msgs[][CR_WARN_LEN], int max);

/* Fraction of the effusion flux with E_p + e_0 < e_max (where the approx
 * amplitudes treat the collision as no scattering). */
double cr_params_flux_below_emax(const cr_params *p);

#endif
