/* check_params.c — parameters: defaults, parsing, validation, config text,
 * warnings. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "colres/params.h"
#include "colres/status.h"
#include "testutil.h"

static int same_params(const cr_params *a, const cr_params *b)
{
    for (int i = 0; i < CR_P_COUNT; i++) {
        double x = cr_param_get(a, i), y = cr_param_get(b, i);
        /* Bitwise equality of the doubles, not ==: round trips are exact. */
        if (memcmp(&x, &y, sizeof x) != 0)
            return 0;
    }
    return a->amplitudes == b->amplitudes;
}

/* The defaults table, written out here rather than read from the code's table. */
START_TEST(test_defaults_are_the_papers)
{
    cr_params p;
    memset(&p, 0x5a, sizeof p); /* garbage in: defaults must overwrite all */
    cr_params_default(&p);
    ck_assert(p.gamma == 5.0);
    ck_assert(p.delta == 0.6);
    ck_assert(p.dx == 1.0);
    ck_assert(p.beta == 0.1);
    ck_assert(p.mass == 0.1);
    ck_assert(p.lambda == 1.0);
    ck_assert(p.length == 1.0);
    ck_assert(p.x0 == -10.0);
    ck_assert(p.rough_s == 0.01); /* the paper uses s = 0.01 */
    ck_assert_int_eq(p.amplitudes, CR_AMP_APPROX);
    char err[256];
    ck_assert_msg(cr_params_validate(&p, err, sizeof err) == CR_OK, "%s", err);
    /* The table and the names agree with the struct. */
    const cr_param_info *t = cr_param_table();
    static const char *const names[CR_P_COUNT] = {
        "gamma", "delta", "dx", "beta", "mass", "lambda", "length", "x0", "rough_s",
    };
    for (int i = 0; i < CR_P_COUNT; i++) {
        ck_assert_str_eq(t[i].name, names[i]);
        ck_assert_int_eq(cr_param_lookup(names[i]), i);
        ck_assert(t[i].def == cr_param_get(&p, i));
    }
    ck_assert_int_eq(cr_param_lookup("nonsense"), -1);
}
END_TEST

/* One refused setting: which parameter, which text, which range words;
 * shown (when not NULL) is what of the value the message must repeat. */
typedef struct bad_setting {
    const char *name, *value, *range, *shown;
} bad_setting;

static const bad_setting bad_settings[] = {
    { "gamma", "NaN", "1e-100 to 1e100", NULL },   { "gamma", "nan", "1e-100 to 1e100", NULL },
    { "gamma", "inf", "1e-100 to 1e100", NULL },   { "gamma", "-inf", "1e-100 to 1e100", NULL },
    { "delta", "", "1e-6 to 1e6", NULL },          { "delta", "abc", "1e-6 to 1e6", NULL },
    { "dx", "1e400", "1e-12 to 1e12", NULL },      { "dx", "-1e400", "1e-12 to 1e12", NULL },
    { "gamma", "0", "1e-100 to 1e100", NULL },     { "delta", "0", "1e-6 to 1e6", NULL },
    { "dx", "0", "1e-12 to 1e12", NULL },          { "beta", "0", "1e-12 to 1e12", NULL },
    { "mass", "0", "1e-12 to 1e12", NULL },        { "length", "0", "1e-12 to 1e12", NULL },
    { "beta", "-0.1", "1e-12 to 1e12", NULL },     { "lambda", "-0.5", "0 to 1e12", NULL },
    { "lambda", "Infinity", "0 to 1e12", "inf" },  { "x0", "nan", "length", NULL },
    { "mass", "1.5x", "1e-12 to 1e12", NULL },     { "gamma", "1.5 2", "1e-100 to 1e100", NULL },
    { "beta", "0x", "1e-12 to 1e12", NULL },       { "rough_s", "-1", "0 to 1e6", NULL },
    /* Outside the range where results are finite and right (issue 12). */
    { "gamma", "1e-310", "1e-100 to 1e100", NULL },
    { "gamma", "0x1p-1074", "1e-100 to 1e100", NULL },
    { "gamma", "1e-307", "1e-100 to 1e100", NULL },
    { "gamma", "1e101", "1e-100 to 1e100", NULL },
    { "delta", "1e-12", "1e-6 to 1e6", NULL },
    { "dx", "1e200", "1e-12 to 1e12", NULL },
    { "mass", "1e13", "1e-12 to 1e12", NULL },
    { "x0", "-1e13", "-1e12", NULL },
    { "rough_s", "1e200", "0 to 1e6", NULL },
};
enum { N_BAD = sizeof bad_settings / sizeof bad_settings[0] };

/* Refused values leave p unchanged and the message names the
 * parameter, the offending text and the valid range. */
START_TEST(test_set_refuses_bad_value_with_clear_message)
{
    const bad_setting *b = &bad_settings[_i];
    cr_params p, before;
    char err[256] = "";
    cr_params_default(&p);
    before = p;
    int st = cr_params_set(&p, b->name, b->value, err, sizeof err);
    ck_assert_msg(st == CR_EINVAL, "%s = \"%s\" accepted (status %d)", b->name, b->value, st);
    ck_assert_msg(same_params(&p, &before), "%s = \"%s\": params changed on error",
                  b->name, b->value);
    ck_assert_msg(strstr(err, b->name) != NULL, "message lacks the name: %s", err);
    const char *shown = b->shown != NULL ? b->shown : b->value;
    if (shown[0] != '\0')
        ck_assert_msg(strcasestr(err, shown) != NULL,
                      "message lacks the value \"%s\": %s", shown, err);
    ck_assert_msg(strstr(err, b->range) != NULL,
                  "%s = \"%s\": message lacks the valid range \"%s\": %s",
                  b->name, b->value, b->range, err);
}
END_TEST

START_TEST(test_set_refuses_unknown_name)
{
    cr_params p, before;
    char err[256] = "";
    cr_params_default(&p);
    before = p;
    ck_assert_int_eq(cr_params_set(&p, "gamme", "1", err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "gamme") != NULL, "message lacks the name: %s", err);
    ck_assert_int_eq(cr_params_set(&p, "", "1", err, sizeof err), CR_EINVAL);
    ck_assert_int_eq(cr_params_set(&p, "amplitudes", "exactly", err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "approx") != NULL && strstr(err, "exact") != NULL,
                  "amplitudes message lacks the valid values: %s", err);
    ck_assert(same_params(&p, &before));
}
END_TEST

/* Good values are stored exactly as strtod reads them. */
START_TEST(test_set_accepts_good_values)
{
    cr_params p;
    char err[256];
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_set(&p, "gamma", "1e-3", err, sizeof err), CR_OK);
    ck_assert(p.gamma == 1e-3);
    ck_assert_int_eq(cr_params_set(&p, "lambda", "0", err, sizeof err), CR_OK);
    ck_assert(p.lambda == 0.0);
    ck_assert_int_eq(cr_params_set(&p, "x0", "-3.25", err, sizeof err), CR_OK);
    ck_assert(p.x0 == -3.25);
    ck_assert_int_eq(cr_params_set(&p, "amplitudes", "exact", err, sizeof err), CR_OK);
    ck_assert_int_eq(p.amplitudes, CR_AMP_EXACT);
    ck_assert_int_eq(cr_params_set(&p, "amplitudes", "approx", err, sizeof err), CR_OK);
    ck_assert_int_eq(p.amplitudes, CR_AMP_APPROX);
}
END_TEST

/* x0 < -L/2 (the packet starts left of the scatterer). */
START_TEST(test_validate_refuses_packet_inside_scatterer)
{
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    p.length = 4.0;
    p.x0 = -2.0; /* exactly -L/2: refused */
    ck_assert_int_eq(cr_params_validate(&p, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "x0") != NULL && strstr(err, "-2") != NULL,
                  "message lacks x0 or its value: %s", err);
    p.x0 = 5.0;
    ck_assert_int_eq(cr_params_validate(&p, err, sizeof err), CR_EINVAL);
    p.x0 = -2.0000001;
    ck_assert_msg(cr_params_validate(&p, err, sizeof err) == CR_OK, "%s", err);
    /* Each field is checked too, not only the cross condition. */
    p.mass = -1.0;
    ck_assert_int_eq(cr_params_validate(&p, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "mass") != NULL, "%s", err);
    cr_params_default(&p);
    p.amplitudes = 7;
    ck_assert_int_eq(cr_params_validate(&p, err, sizeof err), CR_EINVAL);
}
END_TEST

START_TEST(test_load_text_accepts_comments_blanks_whitespace)
{
    static const char text[] =
        "# a preset\n"
        "\n"
        "   \t\n"
        "gamma = 2.5   # trailing comment\n"
        "\tdelta=0.3\r\n"
        "  dx\t=\t 4  \n"
        "amplitudes = exact\n"
        "# last line without newline:\n"
        "x0 = -20";
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    int st = cr_params_load_text(&p, text, sizeof text - 1, "t.conf", err, sizeof err);
    ck_assert_msg(st == CR_OK, "%s", err);
    ck_assert(p.gamma == 2.5);
    ck_assert(p.delta == 0.3);
    ck_assert(p.dx == 4.0);
    ck_assert(p.x0 == -20.0);
    ck_assert_int_eq(p.amplitudes, CR_AMP_EXACT);
    ck_assert(p.beta == 0.1); /* untouched keys keep their value */
}
END_TEST

/* A file that fails at line `line` with a message containing `word`, and
 * leaves the parameters exactly as they were (all-or-nothing). */
typedef struct bad_text {
    const char *text;
    size_t len; /* 0: strlen */
    int line;
    const char *word;
} bad_text;

static const bad_text bad_texts[] = {
    { "gamma = 1\nbeta = 1\ngamma = 2\n", 0, 3, "duplicate" },
    { "mass = 1\n# x\nm = 2\n", 0, 3, "duplicate" },  /* alias of mass */
    { "gamma = 2\ndelta = abc\n", 0, 2, "delta" },
    { "gamma = 2\nbogus = 1\n", 0, 2, "bogus" },
    { "gamma = 2\njust words\n", 0, 2, "name = value" },
    { "gamma = 2\nx\001\002y = 3\n", 0, 2, "binary" },
    { "gamma = 2\nbeta = 1\0\n", 19, 2, "binary" },      /* NUL byte */
    { "gamma = 2\n\n\n\x7f\x45LF\n", 0, 4, "binary" },
    { "gamma = 2\nlambda = -1\n", 0, 2, "lambda" },
};
enum { N_BAD_TEXT = sizeof bad_texts / sizeof bad_texts[0] };

START_TEST(test_load_text_errors_are_located_and_atomic)
{
    const bad_text *b = &bad_texts[_i];
    size_t len = b->len ? b->len : strlen(b->text);
    cr_params p, before;
    char err[256] = "", where[64];
    cr_params_default(&p);
    p.gamma = 0.125; /* a non-default value that must survive */
    before = p;
    int st = cr_params_load_text(&p, b->text, len, "cfg", err, sizeof err);
    ck_assert_msg(st != CR_OK, "case %d accepted", _i);
    ck_assert_msg(same_params(&p, &before), "case %d: params changed on error", _i);
    snprintf(where, sizeof where, "cfg:%d:", b->line);
    ck_assert_msg(strncmp(err, where, strlen(where)) == 0,
                  "case %d: message does not start with %s: %s", _i, where, err);
    ck_assert_msg(strcasestr(err, b->word) != NULL,
                  "case %d: message lacks \"%s\": %s", _i, b->word, err);
}
END_TEST

/* Duplicates name both lines so the user can find the first one. */
START_TEST(test_load_text_duplicate_names_both_lines)
{
    static const char text[] = "beta = 1\n\n\n\ndelta = 2\n# c\nbeta = 3\n";
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    ck_assert_int_ne(cr_params_load_text(&p, text, sizeof text - 1, "f", err, sizeof err),
                     CR_OK);
    ck_assert_msg(strstr(err, "f:7:") != NULL, "no second line: %s", err);
    ck_assert_msg(strstr(err, "1") != NULL && strstr(err, "line 1") != NULL,
                  "no first line: %s", err);
    ck_assert_msg(strstr(err, "beta") != NULL, "no key: %s", err);
}
END_TEST

/* A file that moves the scatterer past the packet's start is refused at
 * the line that did it (issue 12: "length = 100" said "invalid x0 = -10"
 * with no FILE:LINE). */
START_TEST(test_load_text_locates_x0_against_length)
{
    static const char text[] = "# wide region\nbeta = 1\nlength = 100\n";
    cr_params p, before;
    char err[256] = "";
    cr_params_default(&p);
    before = p;
    ck_assert_int_eq(cr_params_load_text(&p, text, sizeof text - 1, "w.conf", err, sizeof err),
                     CR_EINVAL);
    ck_assert_msg(strstr(err, "w.conf:3:") != NULL && strstr(err, "x0") != NULL,
                  "not located at the length line: %s", err);
    ck_assert(same_params(&p, &before));
    static const char fixed[] = "length = 100\nx0 = -60\n";
    ck_assert_int_eq(cr_params_load_text(&p, fixed, sizeof fixed - 1, "w.conf", err, sizeof err),
                     CR_OK);
}
END_TEST

/* Editors that write a UTF-8 byte order mark: it is not part of the first
 * name. */
START_TEST(test_load_text_skips_utf8_bom)
{
    static const char text[] = "\xEF\xBB\xBFgamma = 2\n";
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    int st = cr_params_load_text(&p, text, sizeof text - 1, "bom.conf", err, sizeof err);
    ck_assert_msg(st == CR_OK, "BOM refused: %s", err);
    ck_assert(p.gamma == 2.0);
}
END_TEST

/* A FIFO would block the open (no writer) and a directory is not text:
 * both refused at once, saying why. */
START_TEST(test_load_file_refuses_non_regular_files)
{
    char dir[] = "/tmp/colres-check-XXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_load_file(&p, fifo, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "not a regular file") != NULL, "FIFO: %s", err);
    ck_assert_int_eq(cr_params_load_file(&p, dir, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "not a regular file") != NULL, "directory: %s", err);
    ck_assert_int_ne(cr_params_load_file(&p, "", err, sizeof err), CR_OK);
    unlink(fifo);
    rmdir(dir);
}
END_TEST

START_TEST(test_load_file_reads_and_reports_missing)
{
    char path[] = "/tmp/colres-check-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static const char text[] = "beta = 0.5\nmass = 2\n";
    ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    int st = cr_params_load_file(&p, path, err, sizeof err);
    unlink(path);
    ck_assert_msg(st == CR_OK, "%s", err);
    ck_assert(p.beta == 0.5 && p.mass == 2.0);
    st = cr_params_load_file(&p, "/nonexistent/colres.conf", err, sizeof err);
    ck_assert_int_eq(st, CR_EIO);
    ck_assert_msg(strstr(err, "/nonexistent/colres.conf") != NULL, "%s", err);
}
END_TEST

/* %.17g round trip: format then load gives back the same bits. */
START_TEST(test_format_round_trips_exactly)
{
    cr_params p, q;
    char buf[1024], err[256] = "";
    cr_params_default(&p);
    p.gamma = 0.1 + 0.2;
    p.delta = 1.0 / 3.0;
    p.dx = 1e-11 * 3.0;
    p.beta = 123456789.123456789;
    p.mass = nextafter(1.0, 2.0);
    p.lambda = 0.0;
    p.length = 2.0 / 7.0;
    p.x0 = -M_PI;
    p.rough_s = 0.017;
    p.amplitudes = CR_AMP_EXACT;
    int n = cr_params_format(&p, buf, sizeof buf);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq((int)strlen(buf), n);
    cr_params_default(&q);
    int st = cr_params_load_text(&q, buf, (size_t)n, "formatted", err, sizeof err);
    ck_assert_msg(st == CR_OK, "%s\n%s", err, buf);
    ck_assert_msg(same_params(&p, &q), "round trip changed the parameters:\n%s", buf);
    /* snprintf semantics: a short buffer is not overrun and the full
     * length is still returned. */
    char small[16];
    memset(small, 'Z', sizeof small);
    ck_assert_int_eq(cr_params_format(&p, small, 10), n);
    ck_assert_msg(memchr(small, '\0', 10) != NULL, "short buffer not terminated");
    ck_assert(small[10] == 'Z');
}
END_TEST

/* Independent e_max: eigenvalues of H_tot by GSL, and of H_S. */
static double independent_e_max(const cr_params *p)
{
    gsl_matrix_complex *h = gsl_matrix_complex_alloc(2, 2);
    gsl_vector *eval = gsl_vector_alloc(2);
    gsl_eigen_herm_workspace *w = gsl_eigen_herm_alloc(2);
    ck_assert(h != NULL && eval != NULL && w != NULL);
    gsl_matrix_complex_set(h, 0, 0, gsl_complex_rect(-p->delta / 2.0, 0.0));
    gsl_matrix_complex_set(h, 1, 1, gsl_complex_rect(p->delta / 2.0, 0.0));
    gsl_matrix_complex_set(h, 0, 1, gsl_complex_rect(p->lambda, p->lambda));
    gsl_matrix_complex_set(h, 1, 0, gsl_complex_rect(p->lambda, -p->lambda));
    ck_assert_int_eq(gsl_eigen_herm(h, eval, w), GSL_SUCCESS);
    double e = fmax(gsl_vector_get(eval, 0), gsl_vector_get(eval, 1));
    e = fmax(e, p->delta / 2.0);
    gsl_eigen_herm_free(w);
    gsl_vector_free(eval);
    gsl_matrix_complex_free(h);
    return e;
}

static double effusion_density(double p, void *arg)
{
    const cr_params *par = arg;
    return par->beta * p / par->mass * exp(-par->beta * p * p / (2.0 * par->mass));
}

START_TEST(test_emax_matches_public_value)
{
    cr_params p;
    cr_params_default(&p);
    /* The check values have 10 decimals. */
    TU_CLOSE(independent_e_max(&p), 1.4456832295, 1e-10, "largest eigenvalue of H_tot");
}
END_TEST

/* Fraction of μ with E_p + e_0 < e_max, by QAGS on μ itself.  QAGS at
 * epsrel 1e-12 on a smooth integrand; compare to 1e-10 absolute. */
START_TEST(test_flux_below_emax_matches_quadrature)
{
    static const char *const pts[] = {
        NULL, "lambda=0", "beta=5", "beta=0.001", "delta=3 lambda=0.2",
        "mass=10 beta=0.3", "lambda=3",
    };
    cr_params p;
    tu_params(&p, pts[_i]);
    double pstar = sqrt(2.0 * p.mass * (independent_e_max(&p) + p.delta / 2.0));
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    gsl_function f = { effusion_density, &p };
    double res, abserr;
    int st = gsl_integration_qags(&f, 0.0, pstar, 1e-14, 1e-12, 200, w, &res, &abserr);
    gsl_integration_workspace_free(w);
    ck_assert_int_eq(st, GSL_SUCCESS);
    TU_CLOSE(cr_params_flux_below_emax(&p), res, 1e-10,
             pts[_i] ? pts[_i] : "defaults");
}
END_TEST

/* Which warnings fire, identified by a word of each message. */
enum { W_WIGNER = 1, W_OVERLAP = 2, W_CROWD = 4, W_FLUX = 8 };

static int warning_set(const cr_params *p, char msgs[][CR_WARN_LEN], int *count)
{
    int n = cr_params_warnings(p, msgs, CR_WARN_MAX);
    int set = 0;
    for (int i = 0; i < n; i++) {
        if (strcasestr(msgs[i], "wigner") != NULL)
            set |= W_WIGNER;
        else if (strcasestr(msgs[i], "overlap") != NULL)
            set |= W_OVERLAP;
        else if (strcasestr(msgs[i], "particle") != NULL)
            set |= W_CROWD;
        else if (strcasestr(msgs[i], "e_max") != NULL)
            set |= W_FLUX;
        else
            ck_abort_msg("unrecognised warning: %s", msgs[i]);
    }
    *count = n;
    return set;
}

/* Trigger / no-trigger pairs for each warning's condition, from a base point where
 * none fires (Γ = 0.01, β = 0.01: ΓL = 0.01 < 0.1√(1/βm) = 3.16, flux
 * fraction 1.7%, 4πΔx√(m/β) = 39.7, x0 + 3Δx = -7). */
static const struct {
    const char *set;
    int expect;
} warning_cases[] = {
    { "gamma=0.01 beta=0.01", 0 },
    { "gamma=0.01 beta=0.01 dx=0.01", W_WIGNER },       /* 4π·0.01·√10 = 0.40 */
    { "gamma=0.01 beta=0.01 dx=0.03", 0 },              /* 1.19 */
    { "gamma=0.01 beta=0.01 dx=4", W_OVERLAP },         /* -10 + 12 > -0.5 */
    { "gamma=0.01 beta=0.01 dx=3", 0 },                 /* -1 < -0.5 */
    { "gamma=5 beta=0.01", W_CROWD },                   /* 5 >= 3.16 */
    { "gamma=3 beta=0.01", 0 },
    { "gamma=0.01 beta=0.1", W_FLUX },                  /* 16% below e_max */
    { "gamma=0.01 beta=0.1 amplitudes=exact", 0 },      /* only approx */
    { NULL, W_CROWD | W_FLUX },                         /* the paper's defaults */
    { "dx=0.01 x0=-0.51", W_WIGNER | W_OVERLAP | W_CROWD | W_FLUX },
};
enum { N_WARN = sizeof warning_cases / sizeof warning_cases[0] };

START_TEST(test_warnings_fire_exactly_for_section8_conditions)
{
    cr_params p;
    char msgs[CR_WARN_MAX][CR_WARN_LEN];
    int n;
    tu_params(&p, warning_cases[_i].set);
    int set = warning_set(&p, msgs, &n);
    ck_assert_msg(set == warning_cases[_i].expect, "[%s] warnings 0x%x, expected 0x%x",
                  warning_cases[_i].set ? warning_cases[_i].set : "defaults", set,
                  warning_cases[_i].expect);
    ck_assert_int_eq(n, __builtin_popcount((unsigned)set));
}
END_TEST

/* The flux warning reports the fraction (as a fraction or a percentage). */
START_TEST(test_flux_warning_reports_fraction)
{
    cr_params p;
    char msgs[CR_WARN_MAX][CR_WARN_LEN];
    tu_params(&p, "gamma=0.01 beta=0.1");
    int n = cr_params_warnings(&p, msgs, CR_WARN_MAX);
    ck_assert_int_eq(n, 1);
    double frac = cr_params_flux_below_emax(&p);
    int found = 0;
    for (const char *s = msgs[0]; *s != '\0'; s++) {
        char *end;
        double v = strtod(s, &end);
        if (end != s && (fabs(v - 100.0 * frac) < 0.06 || fabs(v - frac) < 6e-4))
            found = 1;
    }
    ck_assert_msg(found, "fraction %.4f not in: %s", frac, msgs[0]);
}
END_TEST

/* max bounds the number of messages written. */
START_TEST(test_warnings_respect_max)
{
    cr_params p;
    char msgs[2][CR_WARN_LEN];
    tu_params(&p, "dx=0.01 x0=-0.51");
    ck_assert_int_eq(cr_params_warnings(&p, msgs, 2), 2);
    ck_assert_int_eq(cr_params_warnings(&p, msgs, 0), 0);
}
END_TEST

/* ---- levels and coupling ------------------------------------------------ */

/* The whole struct, bitwise: an error must not touch any field. */
static int same_bits(const cr_params *a, const cr_params *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

START_TEST(test_levels_set_good_values)
{
    cr_params p;
    char err[256] = "";
    double e[CR_NMAX];
    cr_params_default(&p);
    ck_assert_msg(cr_params_set(&p, "levels", "0,1,3", err, sizeof err) == CR_OK, "%s", err);
    ck_assert_int_eq(p.nlevels, 3);
    ck_assert(p.levels[0] == 0.0 && p.levels[1] == 1.0 && p.levels[2] == 3.0);
    ck_assert(p.delta == 1.0); /* Δ = E1 - E0 */
    ck_assert_msg(cr_params_validate(&p, err, sizeof err) == CR_OK, "%s", err);
    /* A later Δ rescales: -8/3, -2/3, 10/3. */
    ck_assert_int_eq(cr_params_set(&p, "delta", "2", err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_params_energies(&p, e), 3);
    ck_assert(fabs(e[0] + 8.0 / 3.0) < 1e-15 && fabs(e[1] + 2.0 / 3.0) < 1e-15
              && fabs(e[2] - 10.0 / 3.0) < 1e-15);
    /* Spaces around entries; two levels are the qubit again. */
    ck_assert_msg(cr_params_set(&p, "levels", " -0.3 , 0.3 ", err, sizeof err) == CR_OK, "%s",
                  err);
    ck_assert_int_eq(p.nlevels, 2);
    ck_assert(p.delta == 0.6);
    ck_assert(cr_params_is_qubit(&p));
    ck_assert_msg(cr_params_set(&p, "levels", "-1e3,-999,0,1,2,3,4,5", err, sizeof err) == CR_OK,
                  "%s", err);
    ck_assert_int_eq(p.nlevels, 8);
    ck_assert(p.delta == 1.0 && p.levels[7] == 5.0);
    ck_assert(!cr_params_is_qubit(&p));
}
END_TEST

/* One refused value of levels or coupling and the words the message must
 * hold (the entry's position and text, what is valid). */
typedef struct bad_lc {
    const char *name, *value, *word1, *word2;
} bad_lc;

static const bad_lc bad_lcs[] = {
    { "levels", "0,1,1", "entry 3 (1) must be greater than entry 2 (1)", "ascending and distinct" },
    { "levels", "1,0", "entry 2 (0) must be greater than entry 1 (1)", "ascending" },
    { "levels", "0,2,1", "entry 3 (1)", "entry 2 (2)" },
    { "levels", "1,2,3,4,5,6,7,8,9", "invalid levels: 9 entries", "valid is 2 to 8" },
    { "levels", "5", "1 entry", "2 to 8" },
    { "levels", "", "empty", "2 to 8" },
    { "levels", "nan,1", "entry 1 (nan)", "finite" },
    { "levels", "0,NaN", "entry 2 (NaN)", "finite" },
    { "levels", "0,inf", "entry 2 (inf)", "finite" },
    { "levels", "-inf,0", "entry 1 (-inf)", "finite" },
    { "levels", "0,1e400", "entry 2 (1e400)", "finite" },
    { "levels", "0,,1", "entry 2", "empty" },
    { "levels", "0,1,", "entry 3", "empty" },
    { "levels", "0,1x", "entry 2 (1x)", "not a number" },
    { "levels", "0;1,2", "entry 1 (0;1)", "not a number" },
    { "levels", "0,1e-9", "delta", "1e-6 to 1e6" },
    { "levels", "0,2e6", "delta", "1e-6 to 1e6" },
    { "levels", "0,1,1e7", "E2 - E0", "E1 - E0" },
    { "coupling", "0,1+i;1+i,0", "entry (1,2) \"1+i\"", "entry (2,1) \"1+i\"" },
    { "coupling", "0,2;1,0", "entry (1,2) \"2\"", "Hermitian" },
    { "coupling", "0,1;1.00000000001,0", "entry (1,2)", "Hermitian" },
    { "coupling", "1+i,0;0,0", "entry (1,1) \"1+i\"", "real" },
    { "coupling", "0,0;0,2i", "entry (2,2) \"2i\"", "real" },
    { "coupling", "0,1;1", "row 2 has 1 entry", "square" },
    { "coupling", "0,1,2;1,0", "row 1 has 3 entries", "square" },
    { "coupling", "0,1;1,0;", "row 3 is empty", "2 to 8" },
    { "coupling", "5", "1 row", "2 to 8" },
    { "coupling", "", "empty", "Hermitian" },
    { "coupling", "0;0;0;0;0;0;0;0;0", "9 rows", "2 to 8" },
    { "coupling", "0,nan;nan,0", "entry (1,2) \"nan\"", "finite" },
    { "coupling", "0,inf;inf,0", "entry (1,2) \"inf\"", "finite" },
    { "coupling", "0,infi;-infi,0", "entry (1,2) \"infi\"", "finite" },
    { "coupling", "0,1e400;1e400,0", "entry (1,2)", "finite" },
    { "coupling", "0,;1,0", "entry (1,2)", "empty" },
    { "coupling", "0,1+;1,0", "entry (1,2) \"1+\"", "a+bi" },
    { "coupling", "0,1;1+,0", "entry (2,1) \"1+\"", "a+bi" },
    { "coupling", "0,1+2;1,0", "entry (1,2) \"1+2\"", "a+bi" },
    { "coupling", "0,1+-2i;1,0", "entry (1,2) \"1+-2i\"", "a+bi" },
    { "coupling", "0,ii;1,0", "entry (1,2) \"ii\"", "a+bi" },
    { "coupling", "0,1 i x;1,0", "entry (1,2)", "a+bi" },
};
enum { N_BAD_LC = sizeof bad_lcs / sizeof bad_lcs[0] };

START_TEST(test_levels_coupling_refused_with_one_clear_line)
{
    const bad_lc *b = &bad_lcs[_i];
    cr_params p, before;
    char err[256] = "";
    cr_params_default(&p);
    p.gamma = 0.125;
    before = p;
    int st = cr_params_set(&p, b->name, b->value, err, sizeof err);
    ck_assert_msg(st == CR_EINVAL, "%s = \"%s\" accepted (status %d)", b->name, b->value, st);
    ck_assert_msg(same_bits(&p, &before), "%s = \"%s\": params changed on error", b->name,
                  b->value);
    ck_assert_msg(strncmp(err, "invalid ", 8) == 0 && strstr(err, b->name) != NULL,
                  "message lacks the name: %s", err);
    ck_assert_msg(strchr(err, '\n') == NULL, "more than one line: %s", err);
    ck_assert_msg(strstr(err, b->word1) != NULL && strstr(err, b->word2) != NULL,
                  "%s = \"%s\": message lacks \"%s\" or \"%s\": %s", b->name, b->value,
                  b->word1, b->word2, err);
}
END_TEST

/* C12 given as text; C21 its conjugate written by hand. */
typedef struct good_entry {
    const char *c12, *c21;
    double re, im;
} good_entry;

static const good_entry good_entries[] = {
    { "1", "1", 1.0, 0.0 },          { "2-3i", "2+3i", 2.0, -3.0 },
    { "2+3i", "2-3i", 2.0, 3.0 },    { "3i", "-3i", 0.0, 3.0 },
    { "i", "-i", 0.0, 1.0 },         { "-i", "+i", 0.0, -1.0 },
    { "1+i", "1-i", 1.0, 1.0 },      { "1-i", "1+i", 1.0, -1.0 },
    { " 1 + 2i ", "1 - 2 i", 1.0, 2.0 }, { "-0.5e-3-2.5e2i", "-5e-4+250i", -0.5e-3, -250.0 },
    { "1e+2i", "-100i", 0.0, 100.0 }, { ".5+.25i", "0.5-0.25i", 0.5, 0.25 },
    { "- i", "i", 0.0, -1.0 },
};
enum { N_GOOD_ENTRY = sizeof good_entries / sizeof good_entries[0] };

START_TEST(test_coupling_entry_forms)
{
    const good_entry *g = &good_entries[_i];
    cr_params p;
    char err[256] = "", value[128];
    cr_params_default(&p);
    snprintf(value, sizeof value, "0,%s;%s,0", g->c12, g->c21);
    ck_assert_msg(cr_params_set(&p, "coupling", value, err, sizeof err) == CR_OK, "%s: %s",
                  value, err);
    ck_assert_int_eq(p.coupling_set, 1);
    ck_assert_int_eq(p.coupling_n, 2);
    ck_assert_msg(p.coupling_re[0][1] == g->re && p.coupling_im[0][1] == g->im,
                  "%s read as %.17g%+.17gi", g->c12, p.coupling_re[0][1], p.coupling_im[0][1]);
    ck_assert(p.coupling_re[1][0] == g->re && p.coupling_im[1][0] == -g->im);
}
END_TEST

START_TEST(test_coupling_set_good_values)
{
    cr_params p;
    char err[256] = "";
    double re[CR_NMAX][CR_NMAX], im[CR_NMAX][CR_NMAX];
    cr_params_default(&p);
    /* σx + σy written out is the qubit. */
    ck_assert_int_eq(cr_params_set(&p, "coupling", "0,1+i;1-i,0", err, sizeof err), CR_OK);
    ck_assert(cr_params_is_qubit(&p));
    ck_assert_int_eq(cr_params_set(&p, "coupling", "0,1;1,0", err, sizeof err), CR_OK);
    ck_assert(!cr_params_is_qubit(&p));
    ck_assert_int_eq(cr_params_coupling(&p, re, im), 2);
    ck_assert(re[0][1] == 1.0 && im[0][1] == 0.0 && re[1][0] == 1.0 && im[1][0] == 0.0);
    /* 3x3 with a real diagonal; it needs 3 levels. */
    ck_assert_msg(cr_params_set(&p, "coupling", "0, 1 + 2i , -i ; 1-2i,3,2-3i; i,2+3i,-1",
                                err, sizeof err) == CR_OK, "%s", err);
    ck_assert_int_eq(p.coupling_n, 3);
    ck_assert(p.coupling_re[1][1] == 3.0 && p.coupling_re[2][2] == -1.0);
    ck_assert(p.coupling_im[0][2] == -1.0 && p.coupling_im[2][0] == 1.0);
    ck_assert(p.coupling_re[1][2] == 2.0 && p.coupling_im[1][2] == -3.0);
    ck_assert_int_eq(cr_params_validate(&p, err, sizeof err), CR_EINVAL);
    ck_assert_str_eq(err, "coupling is 3x3 but levels has 2 entries (levels sets N: give as many energies as C has rows)");
    ck_assert_int_eq(cr_params_set(&p, "levels", "0,1,2", err, sizeof err), CR_OK);
    ck_assert_msg(cr_params_validate(&p, err, sizeof err) == CR_OK, "%s", err);
    ck_assert_int_eq(cr_params_set(&p, "levels", "0,1,2,3", err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_params_validate(&p, err, sizeof err), CR_EINVAL);
    ck_assert_str_eq(err, "coupling is 3x3 but levels has 4 entries (levels sets N: give as many energies as C has rows)");
    /* Hermitian to 1e-12 relative: within it, accepted as given. */
    ck_assert_int_eq(cr_params_set(&p, "coupling", "0,1;1.0000000000001,0", err, sizeof err),
                     CR_OK);
    ck_assert_int_eq(cr_params_set(&p, "coupling", "0,1e6;1000000.0000001,0", err, sizeof err),
                     CR_OK);
    ck_assert(p.coupling_re[1][0] == 1000000.0000001);
    /* The default ladder follows the levels while no coupling is set. */
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_set(&p, "levels", "0,1,2", err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_params_coupling(&p, re, im), 3);
    ck_assert(re[1][2] == 1.0 && im[1][2] == 1.0 && im[2][1] == -1.0 && re[0][2] == 0.0);
}
END_TEST

/* The text forms read back bit for bit, awkward values included. */
START_TEST(test_levels_coupling_format_round_trip)
{
    cr_params p, q;
    char err[256] = "", text[4096];
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_format_levels(&p, text, sizeof text), (int)strlen("-0.5,0.5"));
    ck_assert_str_eq(text, "-0.5,0.5");
    ck_assert_int_eq(cr_params_format_coupling(&p, text, sizeof text), 13);
    ck_assert_str_eq(text, "0,1+1i;1-1i,0");
    p.nlevels = CR_NMAX;
    p.coupling_set = 1;
    p.coupling_n = CR_NMAX;
    for (int j = 0; j < CR_NMAX; j++) {
        p.levels[j] = -M_PI + j * (1.0 / 3.0) + (j > 4 ? 1e-7 * j : 0.0);
        for (int k = 0; k < CR_NMAX; k++) {
            double a = (j + 1) * (k + 1) / 7.0 * (j % 2 ? -1e-300 : 1e5);
            double b = j == k ? 0.0 : (j - k) / 3.0 * (k % 3 ? 1.0 : -1.234e-17);
            if (k < j) { /* the conjugate of the upper triangle */
                a = p.coupling_re[k][j];
                b = -p.coupling_im[k][j];
            }
            p.coupling_re[j][k] = a;
            p.coupling_im[j][k] = b;
        }
    }
    p.coupling_im[0][1] = -0.0; /* a signed zero survives as "-0i" */
    p.coupling_im[1][0] = 0.0;
    p.delta = p.levels[1] - p.levels[0];
    char err2[256];
    ck_assert_msg(cr_params_validate(&p, err2, sizeof err2) == CR_OK, "%s", err2);
    cr_params_default(&q);
    int n = cr_params_format_levels(&p, text, sizeof text);
    ck_assert_int_eq(n, (int)strlen(text));
    ck_assert_msg(cr_params_set(&q, "levels", text, err, sizeof err) == CR_OK, "%s", err);
    n = cr_params_format_coupling(&p, text, sizeof text);
    ck_assert_int_eq(n, (int)strlen(text));
    ck_assert_msg(cr_params_set(&q, "coupling", text, err, sizeof err) == CR_OK, "%s\n%s", err,
                  text);
    ck_assert_int_eq(q.nlevels, CR_NMAX);
    ck_assert_int_eq(q.coupling_n, CR_NMAX);
    ck_assert(memcmp(q.levels, p.levels, sizeof p.levels) == 0);
    ck_assert(memcmp(q.coupling_re, p.coupling_re, sizeof p.coupling_re) == 0);
    ck_assert(memcmp(q.coupling_im, p.coupling_im, sizeof p.coupling_im) == 0);
    ck_assert(signbit(q.coupling_im[0][1]) && !signbit(q.coupling_im[1][0]));
    /* The whole file, with a Δ that is not E1 - E0. */
    p.delta = 0.7;
    static char buf[16384];
    n = cr_params_format(&p, buf, sizeof buf);
    ck_assert_int_eq(n, (int)strlen(buf));
    ck_assert_msg(strstr(buf, "levels = ") < strstr(buf, "delta = "), "%s", buf);
    cr_params_default(&q);
    ck_assert_msg(cr_params_load_text(&q, buf, (size_t)n, "fmt", err, sizeof err) == CR_OK,
                  "%s\n%s", err, buf);
    ck_assert_msg(cr_params_equal(&p, &q, 0) && same_params(&p, &q), "%s", buf);
    ck_assert(q.delta == 0.7);
    /* snprintf semantics for the pieces. */
    char small[8];
    memset(small, 'Z', sizeof small);
    n = cr_params_format_levels(&p, NULL, 0);
    ck_assert_int_gt(n, 8);
    ck_assert_int_eq(cr_params_format_levels(&p, small, 5), n);
    ck_assert(small[4] == '\0' && small[5] == 'Z');
}
END_TEST

/* The default file is the qubit's, each number the shortest that reads
 * back to the same double (0.6, not 0.59999999999999998); levels and
 * coupling appear only when set. */
START_TEST(test_format_default_unchanged)
{
    static const char want[] =
        "gamma = 5\n"
        "delta = 0.6\n"
        "dx = 1\n"
        "beta = 0.1\n"
        "mass = 0.1\n"
        "lambda = 1\n"
        "length = 1\n"
        "x0 = -10\n"
        "rough_s = 0.01\n"
        "amplitudes = approx\n";
    cr_params p;
    char buf[2048], err[256];
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_format(&p, buf, sizeof buf), (int)strlen(want));
    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(cr_params_set(&p, "coupling", "0,1;1,0", err, sizeof err), CR_OK);
    cr_params_format(&p, buf, sizeof buf);
    ck_assert(strstr(buf, "\ncoupling = 0,1;1,0\n") != NULL && strstr(buf, "levels") == NULL);
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_set(&p, "levels", "0,1,2", err, sizeof err), CR_OK);
    cr_params_format(&p, buf, sizeof buf);
    ck_assert_msg(strstr(buf, "gamma = 5\nlevels = 0,1,2\ndelta = 1\n") != NULL, "%s", buf);
    ck_assert(strstr(buf, "coupling") == NULL);
}
END_TEST

/* Each number is written with the fewest digits (15, 16 or 17) that read
 * back to the same double: 0.1 + 0.2 needs 17, 1/3 16, 0.6 15; 2000
 * random gammas (bits from a fixed LCG) all load back bit for bit. */
START_TEST(test_format_shortest_round_trip)
{
    cr_params p, q;
    char buf[2048], err[256];
    static const struct { double v; const char *text; } cases[] = {
        { 0.1 + 0.2, "gamma = 0.30000000000000004\n" },
        { 1.0 / 3.0, "gamma = 0.3333333333333333\n" },
        { 0.6, "gamma = 0.6\n" },
        { 1e-100, "gamma = 1e-100\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_params_default(&p);
        p.gamma = cases[i].v;
        cr_params_format(&p, buf, sizeof buf);
        ck_assert_msg(strncmp(buf, cases[i].text, strlen(cases[i].text)) == 0, "%s", buf);
    }
    unsigned long long x = 12345;
    for (int i = 0; i < 2000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        cr_params_default(&p);
        p.gamma = ldexp((double)(x >> 11) / 9007199254740992.0 + 0.5, (int)(x % 64) - 32);
        int n = cr_params_format(&p, buf, sizeof buf);
        cr_params_default(&q);
        ck_assert_msg(cr_params_load_text(&q, buf, (size_t)n, "fmt", err, sizeof err) == CR_OK,
                      "%s", err);
        ck_assert_msg(memcmp(&q.gamma, &p.gamma, sizeof p.gamma) == 0, "%.17g -> %s", p.gamma,
                      buf);
    }
}
END_TEST

START_TEST(test_equal_compares_levels_and_coupling)
{
    cr_params a, b;
    char err[256];
    cr_params_default(&a);
    b = a;
    ck_assert(cr_params_equal(&a, &b, 0) && cr_params_equal(&a, &b, ~0u));
    b.levels[5] = 42.0; /* past nlevels: not compared */
    b.coupling_re[3][3] = 1.0; /* no coupling set: not compared */
    ck_assert(cr_params_equal(&a, &b, 0));
    ck_assert_int_eq(cr_params_set(&b, "levels", "0,1,3", err, sizeof err), CR_OK);
    ck_assert(!cr_params_equal(&a, &b, ~0u)); /* the skip mask is for the table */
    a = b;
    ck_assert(cr_params_equal(&a, &b, 0));
    b.levels[2] = 3.5;
    ck_assert(!cr_params_equal(&a, &b, ~0u));
    b = a;
    b.nlevels = 2;
    ck_assert(!cr_params_equal(&a, &b, ~0u));
    cr_params_default(&a);
    b = a;
    ck_assert_int_eq(cr_params_set(&b, "coupling", "0,1+i;1-i,0", err, sizeof err), CR_OK);
    ck_assert(!cr_params_equal(&a, &b, ~0u)); /* set vs default, even if the same C */
    a = b;
    a.coupling_re[5][5] = 7.0; /* outside the block */
    ck_assert(cr_params_equal(&a, &b, 0));
    a.coupling_im[1][0] = -2.0;
    ck_assert(!cr_params_equal(&a, &b, ~0u));
    a = b;
    a.coupling_n = 3;
    ck_assert(!cr_params_equal(&a, &b, ~0u));
}
END_TEST

/* Config keys: duplicates, bad values and the size check at FILE:LINE;
 * all or nothing. */
typedef struct lc_text {
    const char *text;
    int line;
    const char *word;
} lc_text;

static const lc_text lc_texts[] = {
    { "levels = 0,1,2\ngamma = 2\nlevels = 0,1\n", 3, "duplicated key \"levels\" (first set on line 1)" },
    { "coupling = 0,1;1,0\n\ncoupling = 0,i;-i,0\n", 3, "duplicated key \"coupling\" (first set on line 1)" },
    { "gamma = 2\nlevels = 0,1,1\n", 2, "invalid levels = \"0,1,1\": entry 3 (1)" },
    { "coupling = 0,1+i;1+i,0\n", 1, "invalid coupling = \"0,1+i;1+i,0\": entry (1,2)" },
    { "coupling = 0,1,0;1,0,1;0,1,0\nbeta = 1\n", 1, "coupling is 3x3 but levels has 2 entries (levels sets N: give as many energies as C has rows)" },
    { "levels = 0,1,2\ngamma = 1\ncoupling = 0,1;1,0\n", 3, "coupling is 2x2 but levels has 3 entries (levels sets N: give as many energies as C has rows)" },
    { "coupling = 0,1,0;1,0,1;0,1,0\nlevels = 0,1,2,3\n# end\n", 2, "coupling is 3x3 but levels has 4 entries (levels sets N: give as many energies as C has rows)" },
    { "levels = 0,1,2\nlevels\n", 2, "expected" },
};
enum { N_LC_TEXT = sizeof lc_texts / sizeof lc_texts[0] };

START_TEST(test_load_text_levels_coupling_errors)
{
    const lc_text *b = &lc_texts[_i];
    cr_params p, before;
    char err[256] = "", want[300];
    cr_params_default(&p);
    p.gamma = 0.125;
    before = p;
    int st = cr_params_load_text(&p, b->text, strlen(b->text), "c.conf", err, sizeof err);
    ck_assert_msg(st == CR_EINVAL, "case %d accepted", _i);
    ck_assert_msg(same_bits(&p, &before), "case %d: params changed on error", _i);
    snprintf(want, sizeof want, "c.conf:%d: ", b->line);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0 && strstr(err, b->word) != NULL,
                  "case %d: want \"%s...%s\", got: %s", _i, want, b->word, err);
}
END_TEST

START_TEST(test_load_text_levels_coupling_good)
{
    static const char text[] =
        "# three levels, a real coupling\n"
        "levels = 0, 1, 3   # comment\n"
        "delta = 2\n"
        "coupling = 0,1,0; 1,0,1; 0,1,0\n";
    cr_params p;
    char err[256] = "";
    cr_params_default(&p);
    ck_assert_msg(cr_params_load_text(&p, text, sizeof text - 1, "g.conf", err, sizeof err)
                  == CR_OK, "%s", err);
    ck_assert_int_eq(p.nlevels, 3);
    ck_assert(p.levels[2] == 3.0 && p.delta == 2.0);
    ck_assert_int_eq(p.coupling_n, 3);
    ck_assert(p.coupling_re[1][2] == 1.0 && p.coupling_re[0][2] == 0.0);
    ck_assert_msg(cr_params_validate(&p, err, sizeof err) == CR_OK, "%s", err);
    /* levels after delta: levels sets Δ. */
    static const char later[] = "delta = 2\nlevels = 0,1,3\n";
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_load_text(&p, later, sizeof later - 1, "g", err, sizeof err),
                     CR_OK);
    ck_assert(p.delta == 1.0);
}
END_TEST

static Suite *params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("set");
    tcase_add_test(tc, test_defaults_are_the_papers);
    tcase_add_loop_test(tc, test_set_refuses_bad_value_with_clear_message, 0, N_BAD);
    tcase_add_test(tc, test_set_refuses_unknown_name);
    tcase_add_test(tc, test_set_accepts_good_values);
    tcase_add_test(tc, test_validate_refuses_packet_inside_scatterer);
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_add_test(tc, test_load_text_accepts_comments_blanks_whitespace);
    tcase_add_loop_test(tc, test_load_text_errors_are_located_and_atomic, 0, N_BAD_TEXT);
    tcase_add_test(tc, test_load_text_duplicate_names_both_lines);
    tcase_add_test(tc, test_load_file_reads_and_reports_missing);
    tcase_add_test(tc, test_load_text_locates_x0_against_length);
    tcase_add_test(tc, test_load_text_skips_utf8_bom);
    tcase_add_test(tc, test_load_file_refuses_non_regular_files);
    tcase_add_test(tc, test_format_round_trips_exactly);
    suite_add_tcase(s, tc);

    tc = tcase_create("levels");
    tcase_add_test(tc, test_levels_set_good_values);
    tcase_add_loop_test(tc, test_levels_coupling_refused_with_one_clear_line, 0, N_BAD_LC);
    tcase_add_loop_test(tc, test_coupling_entry_forms, 0, N_GOOD_ENTRY);
    tcase_add_test(tc, test_coupling_set_good_values);
    tcase_add_test(tc, test_levels_coupling_format_round_trip);
    tcase_add_test(tc, test_format_default_unchanged);
    tcase_add_test(tc, test_format_shortest_round_trip);
    tcase_add_test(tc, test_equal_compares_levels_and_coupling);
    tcase_add_loop_test(tc, test_load_text_levels_coupling_errors, 0, N_LC_TEXT);
    tcase_add_test(tc, test_load_text_levels_coupling_good);
    suite_add_tcase(s, tc);

    tc = tcase_create("warnings");
    tcase_add_test(tc, test_emax_matches_public_value);
    tcase_add_loop_test(tc, test_flux_below_emax_matches_quadrature, 0, 7);
    tcase_add_loop_test(tc, test_warnings_fire_exactly_for_section8_conditions, 0, N_WARN);
    tcase_add_test(tc, test_flux_warning_reports_fraction);
    tcase_add_test(tc, test_warnings_respect_max);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(params_suite());
}
