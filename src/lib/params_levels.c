/* params_levels.c — the `levels` and `coupling` parameters: strict
 * parsing of "E0,E1,..." and "ROW;ROW;...", the text form that reads
 * back bit for bit, and the checks params.c adds for them. */
#include "config.h"

#include "params_levels.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"

/* The largest ratio (E_{N-1} - E_0) / (E_1 - E_0): the energies used are
 * the levels scaled to E_1 - E_0 = Δ, and must stay finite and apart. */
#define LEVELS_MAX_SPAN 1e6

/* Off-diagonal entries: |C_jk - conj(C_kj)| <= HERM_TOL max(1, |C_jk|). */
#define HERM_TOL 1e-12

/* Entries longer than this are not numbers anyone means. */
enum { ENTRY_MAX = 128 };

/* One entry of a list: the text between two separators, spaces trimmed,
 * copied so that strtod cannot read past it. */
typedef struct entry {
    char text[ENTRY_MAX];
    int too_long;
} entry;

static const char *skip_space(const char *s)
{
    while (*s != '\0' && isspace((unsigned char)*s))
        s++;
    return s;
}

static void entry_take(entry *e, const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    e->too_long = n >= sizeof e->text;
    if (e->too_long)
        n = sizeof e->text - 1;
    memcpy(e->text, s, n);
    e->text[n] = '\0';
}

/* How many pieces `sep` cuts s[0..n) into. */
static int count_pieces(const char *s, size_t n, char sep)
{
    int k = 1;
    for (size_t i = 0; i < n; i++)
        k += s[i] == sep;
    return k;
}

/* A finite real number: strtod on the whole text.  0 on success, else
 * the reason ("is not a number", "must be finite"). */
static const char *parse_real(const char *text, double *out)
{
    if (*text == '\0')
        return "is empty";
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *skip_space(end) != '\0')
        return "is not a number";
    if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
        return "must be finite";
    *out = v;
    return NULL;
}

/* The imaginary unit alone, with an optional sign: "i", "+i", "- i". */
static int unit_imaginary(const char *s, double *b)
{
    double sign = 1.0;
    if (*s == '+' || *s == '-') {
        sign = *s == '-' ? -1.0 : 1.0;
        s = skip_space(s + 1);
    }
    if (*s != 'i' || *skip_space(s + 1) != '\0')
        return 0;
    *b = sign;
    return 1;
}

/* A complex entry a, a+bi, a-bi, bi, i, -i, a+i, a-i (spaces around
 * the tokens allowed).  NULL on success, else the reason. */
static const char *parse_complex(const char *text, double *re, double *im)
{
    const char *form = "is not a number a, a+bi, a-bi, bi or i";
    if (*text == '\0')
        return "is empty";
    double a = 0.0, b = 0.0;
    if (unit_imaginary(text, &b)) {
        *re = 0.0;
        *im = b;
        return NULL;
    }
    /* The first number: strtod reads its own sign and exponent. */
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text)
        return form;
    int range = errno == ERANGE && fabs(v) > 1.0;
    const char *s = skip_space(end);
    if (*s == '\0') {
        a = v;
    } else if (*s == 'i') { /* bi */
        if (*skip_space(s + 1) != '\0')
            return form;
        b = v;
    } else if (*s == '+' || *s == '-') { /* a+bi, a-bi, a+i, a-i */
        a = v;
        double sign = *s == '-' ? -1.0 : 1.0;
        s = skip_space(s + 1);
        if (*s == 'i') {
            if (*skip_space(s + 1) != '\0')
                return form;
            b = sign;
        } else {
            /* No second sign, no inf or nan: digits or a point only. */
            if (!isdigit((unsigned char)*s) && *s != '.')
                return form;
            errno = 0;
            double w = strtod(s, &end);
            if (end == s)
                return form;
            range |= errno == ERANGE && fabs(w) > 1.0;
            s = skip_space(end);
            if (*s != 'i' || *skip_space(s + 1) != '\0')
                return form;
            b = sign * w;
        }
    } else {
        return form;
    }
    if (range || !isfinite(a) || !isfinite(b))
        return "must be finite";
    *re = a;
    *im = b;
    return NULL;
}

/* The start of a message: `invalid NAME = "VALUE": `, without the value
 * when it is too long to repeat. */
static void lead(char *buf, size_t n, const char *name, const char *value)
{
    if (strlen(value) <= 60)
        snprintf(buf, n, "invalid %s = \"%s\": ", name, value);
    else
        snprintf(buf, n, "invalid %s: ", name);
}

int cr_params_set_levels(cr_params *p, const char *value, char *err, size_t errlen)
{
    const char *valid = "valid is 2 to 8 ascending, distinct, comma-separated numbers";
    char head[96];
    lead(head, sizeof head, "levels", value);
    size_t len = strlen(value);
    int n = count_pieces(value, len, ',');
    if (n < 2 || n > CR_NMAX) {
        if (n == 1 && *skip_space(value) == '\0')
            return cr_error(err, errlen, CR_EINVAL, "%sempty: %s", head, valid);
        return cr_error(err, errlen, CR_EINVAL, "invalid levels: %d %s: valid is 2 to %d",
                        n, n == 1 ? "entry" : "entries", CR_NMAX);
    }
    double lv[CR_NMAX];
    entry prev = { "", 0 };
    const char *s = value;
    for (int j = 0; j < n; j++) {
        size_t m = strcspn(s, ",");
        entry e;
        entry_take(&e, s, m);
        s += m + (s[m] == ',');
        const char *why = e.too_long ? "is not a number" : parse_real(e.text, &lv[j]);
        if (why != NULL && e.text[0] == '\0')
            return cr_error(err, errlen, CR_EINVAL, "%sentry %d is empty: %s",
                            head, j + 1, valid);
        if (why != NULL)
            return cr_error(err, errlen, CR_EINVAL, "%sentry %d (%.40s%s) %s: %s",
                            head, j + 1, e.text, e.too_long ? "..." : "", why, valid);
        if (j > 0 && !(lv[j] > lv[j - 1]))
            return cr_error(err, errlen, CR_EINVAL,
                            "%sentry %d (%.40s) must be greater than entry %d (%.40s): "
                            "levels must be ascending and distinct",
                            head, j + 1, e.text, j, prev.text);
        prev = e;
    }
    const cr_param_info *d = &cr_param_table()[CR_P_DELTA];
    double delta = lv[1] - lv[0];
    if (!(delta >= d->min && delta <= d->max))
        return cr_error(err, errlen, CR_EINVAL,
                        "%sE1 - E0 = %.17g sets delta: valid range of delta is %s",
                        head, delta, d->range);
    double span = lv[n - 1] - lv[0];
    if (!(span <= LEVELS_MAX_SPAN * delta))
        return cr_error(err, errlen, CR_EINVAL,
                        "%sE%d - E0 = %.17g is more than %g times E1 - E0 = %.17g",
                        head, n - 1, span, LEVELS_MAX_SPAN, delta);
    p->nlevels = n;
    for (int j = 0; j < CR_NMAX; j++)
        p->levels[j] = j < n ? lv[j] : 0.0;
    p->delta = delta;
    return CR_OK;
}

int cr_params_set_coupling(cr_params *p, const char *value, char *err, size_t errlen)
{
    const char *valid = "valid is a Hermitian N x N matrix, N = 2 to 8, "
                        "rows separated by ';', entries by ','";
    char head[96];
    lead(head, sizeof head, "coupling", value);
    size_t len = strlen(value);
    int n = count_pieces(value, len, ';');
    if (n == 1 && *skip_space(value) == '\0')
        return cr_error(err, errlen, CR_EINVAL, "%sempty: %s", head, valid);
    if (n < 2 || n > CR_NMAX)
        return cr_error(err, errlen, CR_EINVAL, "invalid coupling: %d %s: %s",
                        n, n == 1 ? "row" : "rows", valid);
    const char *row = value;
    for (int j = 0; j < n; j++) { /* "0,1;1,0;" is an empty row 3, not a bad shape */
        size_t rn = strcspn(row, ";");
        const char *r = skip_space(row);
        if (r == row + rn)
            return cr_error(err, errlen, CR_EINVAL, "%srow %d is empty: %s", head, j + 1, valid);
        row += rn + (row[rn] == ';');
    }
    double re[CR_NMAX][CR_NMAX], im[CR_NMAX][CR_NMAX];
    char txt[CR_NMAX][CR_NMAX][24]; /* the entries' text, for messages */
    row = value;
    for (int j = 0; j < n; j++) {
        size_t rn = strcspn(row, ";");
        int k_n = count_pieces(row, rn, ',');
        entry e;
        if (k_n != n)
            return cr_error(err, errlen, CR_EINVAL,
                            "%srow %d has %d %s but there are %d rows: C must be square; %s",
                            head, j + 1, k_n, k_n == 1 ? "entry" : "entries", n, valid);
        const char *s = row;
        for (int k = 0; k < n; k++) {
            size_t m = strcspn(s, ",;");
            entry_take(&e, s, m);
            s += m + (s[m] == ',');
            const char *why = e.too_long ? "is not a number a, a+bi, a-bi, bi or i"
                                         : parse_complex(e.text, &re[j][k], &im[j][k]);
            if (why != NULL)
                return cr_error(err, errlen, CR_EINVAL, "%sentry (%d,%d) \"%.40s%s\" %s",
                                head, j + 1, k + 1, e.text, e.too_long ? "..." : "", why);
            snprintf(txt[j][k], sizeof txt[j][k], "%.23s", e.text);
        }
        row += rn + (row[rn] == ';');
    }
    for (int j = 0; j < n; j++) {
        if (im[j][j] != 0.0)
            return cr_error(err, errlen, CR_EINVAL,
                            "%sentry (%d,%d) \"%s\" must be real: C must be Hermitian "
                            "(the diagonal real)", head, j + 1, j + 1, txt[j][j]);
        for (int k = j + 1; k < n; k++) {
            double dev = hypot(re[j][k] - re[k][j], im[j][k] + im[k][j]);
            double size = hypot(re[j][k], im[j][k]);
            if (!(dev <= HERM_TOL * (size > 1.0 ? size : 1.0)))
                return cr_error(err, errlen, CR_EINVAL,
                                "%sentry (%d,%d) \"%s\" is not the complex conjugate of "
                                "entry (%d,%d) \"%s\": C must be Hermitian",
                                head, j + 1, k + 1, txt[j][k], k + 1, j + 1, txt[k][j]);
        }
    }
    memset(p->coupling_re, 0, sizeof p->coupling_re);
    memset(p->coupling_im, 0, sizeof p->coupling_im);
    for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++) {
            p->coupling_re[j][k] = re[j][k];
            p->coupling_im[j][k] = im[j][k];
        }
    p->coupling_set = 1;
    p->coupling_n = n;
    return CR_OK;
}

int cr_params_levels_equal(const cr_params *a, const cr_params *b)
{
    if (a->nlevels != b->nlevels || a->coupling_set != b->coupling_set)
        return 0;
    for (int j = 0; j < a->nlevels && j < CR_NMAX; j++)
        if (a->levels[j] != b->levels[j])
            return 0;
    if (!a->coupling_set)
        return 1;
    if (a->coupling_n != b->coupling_n)
        return 0;
    for (int j = 0; j < a->coupling_n && j < CR_NMAX; j++)
        for (int k = 0; k < a->coupling_n && k < CR_NMAX; k++)
            if (a->coupling_re[j][k] != b->coupling_re[j][k]
                || a->coupling_im[j][k] != b->coupling_im[j][k])
                return 0;
    return 1;
}

int cr_params_check_levels(const cr_params *p, char *err, size_t errlen)
{
    if (p->nlevels < 2 || p->nlevels > CR_NMAX)
        return cr_error(err, errlen, CR_EINVAL, "invalid levels: %d entries: valid is 2 to %d",
                        p->nlevels, CR_NMAX);
    for (int j = 0; j < p->nlevels; j++)
        if (!isfinite(p->levels[j]) || (j > 0 && !(p->levels[j] > p->levels[j - 1])))
            return cr_error(err, errlen, CR_EINVAL,
                            "invalid levels: entry %d (%.17g) must be finite and greater "
                            "than entry %d: levels must be ascending and distinct",
                            j + 1, p->levels[j], j);
    if (p->coupling_set && p->coupling_n != p->nlevels)
        return cr_error(err, errlen, CR_EINVAL,
                        "coupling is %dx%d but levels has %d entries (levels sets N: give as "
                        "many energies as C has rows)", p->coupling_n, p->coupling_n, p->nlevels);
    return CR_OK;
}

int cr_params_levels_custom(const cr_params *p)
{
    cr_params d;
    cr_params_default(&d);
    if (p->nlevels != d.nlevels)
        return 1;
    for (int j = 0; j < d.nlevels; j++)
        if (memcmp(&p->levels[j], &d.levels[j], sizeof d.levels[j]) != 0)
            return 1;
    return 0;
}

int cr_params_coupling_custom(const cr_params *p)
{
    return p->coupling_set != 0;
}

/* snprintf into buf at *used, keeping the would-be total. */
static void put(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf != NULL && *used < buflen ? buf + *used : NULL,
                      buf != NULL && *used < buflen ? buflen - *used : 0, fmt, ap);
    va_end(ap);
    if (w > 0)
        *used += (size_t)w;
}

int cr_params_format_levels(const cr_params *p, char *buf, size_t buflen)
{
    size_t used = 0;
    if (buf != NULL && buflen > 0)
        buf[0] = '\0';
    char x[32];
    for (int j = 0; j < p->nlevels && j < CR_NMAX; j++) {
        cr_params_shortest(x, sizeof x, p->levels[j]);
        put(buf, buflen, &used, "%s%s", j > 0 ? "," : "", x);
    }
    return (int)used;
}

int cr_params_format_coupling(const cr_params *p, char *buf, size_t buflen)
{
    char x[32], y[32];
    double re[CR_NMAX][CR_NMAX], im[CR_NMAX][CR_NMAX];
    int n = cr_params_coupling(p, re, im);
    size_t used = 0;
    if (buf != NULL && buflen > 0)
        buf[0] = '\0';
    if (p->coupling_set) /* the matrix as set, even of the wrong size */
        n = p->coupling_n;
    for (int j = 0; j < n && j < CR_NMAX; j++)
        for (int k = 0; k < n && k < CR_NMAX; k++) {
            double a = p->coupling_set ? p->coupling_re[j][k] : re[j][k];
            double b = p->coupling_set ? p->coupling_im[j][k] : im[j][k];
            const char *sep = k > 0 ? "," : j > 0 ? ";" : "";
            cr_params_shortest(x, sizeof x, a);
            cr_params_shortest(y, sizeof y, fabs(b));
            if (b == 0.0 && !signbit(b))
                put(buf, buflen, &used, "%s%s", sep, x);
            else
                put(buf, buflen, &used, "%s%s%c%si", sep, x, signbit(b) ? '-' : '+', y);
        }
    return (int)used;
}
