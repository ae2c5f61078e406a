/* params.c — parameter table, defaults, validation, parsing, warnings. */
#include "config.h"

#include "colres/params.h"
#include "colres/nlevel.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/amplitudes.h"
#include "colres/limits.h"
#include "colres/status.h"
#include "colres/textfile.h"
#include "params_levels.h"

/* Each parameter's valid range [min, max]: wide enough for every regime
 * of the paper and of `colres units`, narrow enough that every command's
 * results stay finite and right (README, "Errors and limits").  Γ: a
 * trajectory of 10^12 collisions lasts ~10^12/Γ, finite for Γ >= 1e-100;
 * below ~1e-300 the steady state loses digits (Γ(S - 1) underflows).  Δ:
 * below ~1e-7 the exact amplitudes give erratic |ρ01|.  The others: up to
 * 1e12 the map converges or fails with a message within seconds; beyond,
 * it can run for minutes (Δx = 1e200, exact amplitudes).  x0 is also
 * checked against L (cr_params_validate).
 * X(ID, field, symbol, ascii, meaning, default, min, max, range text, log). */
#define PARAM_TABLE(X)                                                        \
    X(GAMMA,   gamma,   "Γ",  "G",    "collision rate (Poissonian)", 5.0,     \
      1e-100, 1e100, "1e-100 to 1e100", 1)                                   \
    X(DELTA,   delta,   "Δ",  "del",  "qubit level spacing (Bohr energy)",    \
      0.6, 1e-6, 1e6, "1e-6 to 1e6", 0)                                        \
    X(DX,      dx,      "Δx", "dx",   "spatial width of the incoming packet", \
      1.0, 1e-12, 1e12, "1e-12 to 1e12", 1)                                      \
    X(BETA,    beta,    "β",  "beta", "inverse temperature of the reservoir", \
      0.1, 1e-12, 1e12, "1e-12 to 1e12", 1)                                      \
    X(MASS,    mass,    "m",  "m",    "mass of the bombarding particle", 0.1, \
      1e-12, 1e12, "1e-12 to 1e12", 1)                                           \
    X(LAMBDA,  lambda,  "λ",  "lam",  "interaction strength", 1.0,            \
      0.0, 1e12, "0 to 1e12", 0)                                             \
    X(LENGTH,  length,  "L",  "L",    "width of the scattering region", 1.0,  \
      1e-12, 1e12, "1e-12 to 1e12", 0)                                           \
    X(X0,      x0,      "x0", "x0",   "initial centre of the packet", -10.0,  \
      -1e12, 1e12, "-1e12 to -length/2 (exclusive)", 0)                         \
    X(ROUGH_S, rough_s, "s",  "s",                                            \
      "constant s of the rough estimate (Eq. 24)", 0.01,                     \
      0.0, 1e6, "0 to 1e6", 0)

static const cr_param_info param_info[CR_P_COUNT] = {
#define INFO_(id, field, sym, asc, meaning, def, lo, hi, range, logs) \
    [CR_P_##id] = { #field, sym, asc, meaning, def, range, logs, lo, hi },
    PARAM_TABLE(INFO_)
#undef INFO_
};

const cr_param_info *cr_param_table(void)
{
    return param_info;
}

int cr_param_lookup(const char *name)
{
    if (name == NULL)
        return -1;
    for (int i = 0; i < CR_P_COUNT; i++)
        if (strcmp(name, param_info[i].name) == 0)
            return i;
    /* Accept the short symbols used in prose and presets. */
    if (strcmp(name, "m") == 0) return CR_P_MASS;
    if (strcmp(name, "L") == 0) return CR_P_LENGTH;
    if (strcmp(name, "s") == 0) return CR_P_ROUGH_S;
    return -1;
}

static double *param_field(cr_params *p, int id)
{
    switch (id) {
#define FIELD_(id, field, sym, asc, meaning, def, lo, hi, range, logs) \
    case CR_P_##id: return &p->field;
        PARAM_TABLE(FIELD_)
#undef FIELD_
    default:
        return NULL;
    }
}

double cr_param_get(const cr_params *p, int id)
{
    const double *f = param_field((cr_params *)p, id);
    return f != NULL ? *f : NAN;
}

void cr_param_put(cr_params *p, int id, double value)
{
    double *f = param_field(p, id);
    if (f != NULL)
        *f = value;
}

int cr_params_equal(const cr_params *a, const cr_params *b, unsigned skip)
{
    for (int id = 0; id < CR_P_COUNT; id++)
        if (!(skip & (1u << id)) && cr_param_get(a, id) != cr_param_get(b, id))
            return 0;
    return a->amplitudes == b->amplitudes && cr_params_levels_equal(a, b);
}

void cr_params_default(cr_params *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < CR_P_COUNT; i++)
        cr_param_put(p, i, param_info[i].def);
    p->amplitudes = CR_AMP_APPROX;
    p->nlevels = 2;
    p->levels[0] = -0.5;
    p->levels[1] = +0.5;
}

int cr_params_energies(const cr_params *p, double e[CR_NMAX])
{
    int n = p->nlevels;
    double mean = 0.0;
    for (int j = 0; j < n; j++)
        mean += p->levels[j];
    mean /= n;
    double scale = p->delta / (p->levels[1] - p->levels[0]);
    for (int j = 0; j < n; j++)
        e[j] = (p->levels[j] - mean) * scale;
    if (n == 2) { /* exactly -Δ/2, +Δ/2, as the qubit path has them */
        e[0] = -p->delta / 2.0;
        e[1] = +p->delta / 2.0;
    }
    return n;
}

int cr_params_coupling(const cr_params *p, double re[CR_NMAX][CR_NMAX],
                       double im[CR_NMAX][CR_NMAX])
{
    int n = p->nlevels;
    memset(re, 0, sizeof(double) * CR_NMAX * CR_NMAX);
    memset(im, 0, sizeof(double) * CR_NMAX * CR_NMAX);
    if (p->coupling_set) {
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++) {
                re[j][k] = p->coupling_re[j][k];
                im[j][k] = p->coupling_im[j][k];
            }
        return n;
    }
    for (int j = 0; j + 1 < n; j++) { /* the ladder <j|C|j+1> = 1+i */
        re[j][j + 1] = re[j + 1][j] = 1.0;
        im[j][j + 1] = 1.0;
        im[j + 1][j] = -1.0;
    }
    return n;
}

int cr_params_is_qubit(const cr_params *p)
{
    if (p->nlevels != 2)
        return 0;
    if (!p->coupling_set)
        return 1;
    return p->coupling_re[0][0] == 0.0 && p->coupling_im[0][0] == 0.0
        && p->coupling_re[1][1] == 0.0 && p->coupling_im[1][1] == 0.0
        && p->coupling_re[0][1] == 1.0 && p->coupling_im[0][1] == 1.0
        && p->coupling_re[1][0] == 1.0 && p->coupling_im[1][0] == -1.0;
}

/* text: the value as the user wrote it, repeated in the message when it
 * is a finite number (1e-310 rather than its %.17g), or NULL. */
static int check_one(int id, double v, const char *text, char *err, size_t errlen)
{
    const cr_param_info *info = &param_info[id];
    if (v >= info->min && v <= info->max) /* NaN fails too */
        return CR_OK;
    if (text != NULL && isfinite(v))
        return cr_error(err, errlen, CR_EINVAL, "invalid %s = %.40s: valid range is %s",
                        info->name, text, info->range);
    return cr_error(err, errlen, CR_EINVAL, "invalid %s = %.17g: valid range is %s",
                    info->name, v, info->range);
}

/* strtod on the whole string: no trailing junk, no overflow, not empty.
 * Messages name the parameter, the value and the valid range. */
static int parse_number(int id, const char *value, double *out,
                        char *err, size_t errlen)
{
    const cr_param_info *info = &param_info[id];
    char *end = NULL;
    const char *s = value;
    while (*s != '\0' && isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid %s = \"%.40s\": a number is required; valid range is %s",
                        info->name, value, info->range);
    errno = 0;
    double v = strtod(s, &end);
    const char *e = end;
    while (*e != '\0' && isspace((unsigned char)*e))
        e++;
    if (end == s || *e != '\0')
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid %s = \"%.40s\": not a number; valid range is %s",
                        info->name, value, info->range);
    if (errno == ERANGE && fabs(v) > 1.0)
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid %s = \"%.40s\": out of the range of a double; valid range is %s",
                        info->name, value, info->range);
    *out = v;
    return CR_OK;
}

int cr_params_set(cr_params *p, const char *name, const char *value,
                  char *err, size_t errlen)
{
    if (name == NULL || value == NULL)
        return cr_error(err, errlen, CR_EINVAL, "missing parameter name or value");
    if (strcmp(name, "amplitudes") == 0) {
        if (strcmp(value, "approx") == 0)
            p->amplitudes = CR_AMP_APPROX;
        else if (strcmp(value, "exact") == 0)
            p->amplitudes = CR_AMP_EXACT;
        else
            return cr_error(err, errlen, CR_EINVAL,
                            "invalid amplitudes = \"%.40s\": valid values are approx, exact",
                            value);
        return CR_OK;
    }
    if (strcmp(name, "levels") == 0)
        return cr_params_set_levels(p, value, err, errlen);
    if (strcmp(name, "coupling") == 0)
        return cr_params_set_coupling(p, value, err, errlen);
    int id = cr_param_lookup(name);
    if (id < 0)
        return cr_error(err, errlen, CR_EINVAL,
                        "unknown parameter \"%.40s\" (known: gamma, delta, dx, beta, "
                        "mass, lambda, length, x0, rough_s, amplitudes, levels, "
                        "coupling)", name);
    double v = 0.0;
    int st = parse_number(id, value, &v, err, errlen);
    if (st != CR_OK)
        return st;
    while (isspace((unsigned char)*value))
        value++;
    char text[48];
    snprintf(text, sizeof text, "%s", value);
    for (size_t n = strlen(text); n > 0 && isspace((unsigned char)text[n - 1]);)
        text[--n] = '\0';
    st = check_one(id, v, text, err, errlen);
    if (st != CR_OK)
        return st;
    cr_param_put(p, id, v);
    return CR_OK;
}

int cr_params_validate(const cr_params *p, char *err, size_t errlen)
{
    for (int i = 0; i < CR_P_COUNT; i++) {
        int st = check_one(i, cr_param_get(p, i), NULL, err, errlen);
        if (st != CR_OK)
            return st;
    }
    if (!(p->x0 < -p->length / 2.0))
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid x0 = %.17g: valid range is < -length/2 = %.17g "
                        "(the packet must start left of the scatterer)",
                        p->x0, -p->length / 2.0);
    if (p->amplitudes != CR_AMP_APPROX && p->amplitudes != CR_AMP_EXACT)
        return cr_error(err, errlen, CR_EINVAL,
                        "invalid amplitudes = %d: valid values are approx, exact",
                        p->amplitudes);
    return cr_params_check_levels(p, err, errlen);
}

static char *trim(char *s)
{
    while (*s != '\0' && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* cr_params_load_text() on a copy of the text, whose lines it cuts in
 * place: lines of any length. */
static int load_lines(cr_params *p, char *text, size_t len, const char *origin, char *err,
                      size_t errlen)
{
    cr_params tmp = *p;
    /* After the numeric parameters: amplitudes, levels, coupling. */
    enum { SEEN_AMP = CR_P_COUNT, SEEN_LEVELS, SEEN_COUPLING, SEEN_N };
    int seen[SEEN_N] = {0};
    size_t pos = 0;
    int lineno = 0;
    char msg[256];

    if (origin == NULL)
        origin = "(config)";
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark, as some editors write */
    while (pos < len) {
        size_t start = pos;
        while (pos < len && text[pos] != '\n')
            pos++;
        size_t n = pos - start;
        if (pos < len)
            pos++; /* skip '\n' */
        lineno++;
        char *line = text + start;
        line[n] = '\0';
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)line[i];
            if (c == '\0' || (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
                return cr_error(err, errlen, CR_EINVAL,
                                "%s:%d: binary or control character in a text file",
                                origin, lineno);
        }
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        char *s = trim(line);
        if (*s == '\0')
            continue;
        char *eq = strchr(s, '=');
        if (eq == NULL)
            return cr_error(err, errlen, CR_EINVAL,
                            "%s:%d: expected \"name = value\", got \"%.60s\"",
                            origin, lineno, s);
        *eq = '\0';
        char *name = trim(s);
        char *value = trim(eq + 1);
        /* A preset's screen settings are the view's (src/view/preset.c). */
        if (strncmp(name, "view.", 5) == 0 || strcmp(name, "caption") == 0)
            continue;
        int id = strcmp(name, "amplitudes") == 0 ? SEEN_AMP
               : strcmp(name, "levels") == 0 ? SEEN_LEVELS
               : strcmp(name, "coupling") == 0 ? SEEN_COUPLING : cr_param_lookup(name);
        if (id >= 0) {
            if (seen[id])
                return cr_error(err, errlen, CR_EINVAL,
                                "%s:%d: duplicated key \"%s\" (first set on line %d)",
                                origin, lineno, name, seen[id]);
            seen[id] = lineno;
        }
        if (cr_params_set(&tmp, name, value, msg, sizeof msg) != CR_OK)
            return cr_error(err, errlen, CR_EINVAL, "%s:%d: %s", origin, lineno, msg);
    }
    /* x0 < -L/2 involves two lines: blame the later of those the file set. */
    int last = seen[CR_P_X0] > seen[CR_P_LENGTH] ? seen[CR_P_X0] : seen[CR_P_LENGTH];
    if (last > 0 && !(tmp.x0 < -tmp.length / 2.0))
        return cr_error(err, errlen, CR_EINVAL,
                        "%s:%d: invalid x0 = %.17g: valid range is < -length/2 = %.17g "
                        "(the packet must start left of the scatterer)",
                        origin, last, tmp.x0, -tmp.length / 2.0);
    /* So does the coupling's size against the levels. */
    last = seen[SEEN_LEVELS] > seen[SEEN_COUPLING] ? seen[SEEN_LEVELS] : seen[SEEN_COUPLING];
    if (last > 0 && cr_params_check_levels(&tmp, msg, sizeof msg) != CR_OK)
        return cr_error(err, errlen, CR_EINVAL, "%s:%d: %s", origin, last, msg);
    *p = tmp;
    return CR_OK;
}

int cr_params_load_text(cr_params *p, const char *text, size_t len,
                        const char *origin, char *err, size_t errlen)
{
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "%s: out of memory",
                        origin != NULL ? origin : "(config)");
    memcpy(copy, text, len);
    copy[len] = '\0';
    int st = load_lines(p, copy, len, origin, err, errlen);
    free(copy);
    return st;
}

int cr_params_load_file(cr_params *p, const char *path, char *err, size_t errlen)
{
    if (path == NULL || *path == '\0')
        return cr_error(err, errlen, CR_EINVAL, "invalid config file name \"\": a path is required");
    char *text;
    size_t n;
    int st = cr_text_file_read(path, CR_TEXT_FILE_MAX, &text, &n, err, errlen);
    if (st == CR_OK)
        st = cr_params_load_text(p, text, n, path, err, errlen);
    free(text);
    return st;
}

int cr_params_shortest(char *buf, size_t buflen, double v)
{
    char text[32];
    for (int prec = 15; prec < 17; prec++) {
        snprintf(text, sizeof text, "%.*g", prec, v);
        if (strtod(text, NULL) == v && signbit(strtod(text, NULL)) == signbit(v))
            return snprintf(buf, buflen, "%s", text);
    }
    return snprintf(buf, buflen, "%.17g", v);
}

/* One "name = value" line of cr_params_format(), snprintf-style at *used. */
static int put_line(char *buf, size_t buflen, size_t *used, const char *name,
                    const char *value)
{
    int w = snprintf(buf != NULL && *used < buflen ? buf + *used : NULL,
                     buf != NULL && *used < buflen ? buflen - *used : 0,
                     "%s = %s\n", name, value);
    if (w > 0)
        *used += (size_t)w;
    return w;
}

int cr_params_format(const cr_params *p, char *buf, size_t buflen)
{
    /* levels and coupling: only when not the default, so that the default
     * file is the qubit's; levels before delta, which then rescales. */
    char text[4096];
    size_t used = 0;
    for (int i = 0; i < CR_P_COUNT; i++) {
        if (i == CR_P_DELTA && cr_params_levels_custom(p)) {
            cr_params_format_levels(p, text, sizeof text);
            if (put_line(buf, buflen, &used, "levels", text) < 0)
                return -1;
        }
        cr_params_shortest(text, sizeof text, cr_param_get(p, i));
        if (put_line(buf, buflen, &used, param_info[i].name, text) < 0)
            return -1;
    }
    if (put_line(buf, buflen, &used, "amplitudes",
                 p->amplitudes == CR_AMP_EXACT ? "exact" : "approx") < 0)
        return -1;
    if (cr_params_coupling_custom(p)) {
        cr_params_format_coupling(p, text, sizeof text);
        if (put_line(buf, buflen, &used, "coupling", text) < 0)
            return -1;
    }
    return (int)used;
}

double cr_params_flux_below_emax(const cr_params *p)
{
    /* ∫_0^{p*} μ(p) dp = 1 - exp(-β p*²/2m) with p*²/2m = e_max - e_0, for
     * the system the parameters describe: e_max the largest eigenvalue of
     * H_S and H_tot (levels and coupling), e_0 the lowest level. */
    double e_max, e_0;
    if (cr_params_is_qubit(p)) {
        cr_system sys;
        cr_system_init(&sys, p);
        e_max = sys.e_max;
        e_0 = sys.e[0];
    } else {
        cr_nsystem sys;
        if (cr_nsystem_init(&sys, p, NULL, 0) != CR_OK)
            return NAN;
        e_max = sys.e_max;
        e_0 = sys.e[0];
        for (int j = 1; j < sys.n; j++)
            e_0 = fmin(e_0, sys.e[j]);
    }
    return -expm1(-p->beta * (e_max - e_0));
}

int cr_params_warnings(const cr_params *p, char msgs[][CR_WARN_LEN], int max)
{
    int n = 0;
    double wig = 4.0 * M_PI * p->dx * sqrt(p->mass / p->beta);
    if (n < max && wig < 1.0)
        snprintf(msgs[n++], CR_WARN_LEN,
                 "Wigner function invalid: 4*pi*dx*sqrt(m/beta) = %.3g < 1", wig);
    if (n < max && p->x0 + 3.0 * p->dx > -p->length / 2.0)
        snprintf(msgs[n++], CR_WARN_LEN,
                 "packet overlaps the scatterer at start: x0 + 3 dx = %.3g > -L/2 = %.3g",
                 p->x0 + 3.0 * p->dx, -p->length / 2.0);
    double thermal_speed = sqrt(1.0 / (p->beta * p->mass));
    if (n < max && p->gamma * p->length >= 0.1 * thermal_speed)
        snprintf(msgs[n++], CR_WARN_LEN,
                 "more than one particle in the region: gamma*L = %.3g >= 0.1*sqrt(1/(beta m)) = %.3g",
                 p->gamma * p->length, 0.1 * thermal_speed);
    double elim = cr_exact_energy_limit(p), etop = cr_map_energy_top(p);
    if (n < max && p->amplitudes == CR_AMP_EXACT && etop > elim)
        snprintf(msgs[n++], CR_WARN_LEN,
                 "exact amplitudes lose relative accuracy above E = %.2g (double-precision "
                 "matching at large kL); the map integrates up to E = %.2g", elim, etop);
    double frac = cr_params_flux_below_emax(p);
    if (n < max && p->amplitudes == CR_AMP_APPROX && frac > 0.05)
        snprintf(msgs[n++], CR_WARN_LEN,
                 "approx amplitudes: %.1f%% of the flux is below e_max (treated as no scattering)",
                 100.0 * frac);
    return n;
}
