/*
 * testutil.h — small helpers shared by the Check suites in tests/.
 *
 * Everything here is static inline so each suite stays one translation unit
 * and unused helpers cost nothing.  Failures go through ck_assert_msg, so a
 * helper failing inside a test fails that test with the message given.
 */
#ifndef COLRES_TESTUTIL_H
#define COLRES_TESTUTIL_H

#include <check.h>
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/params.h"
#include "colres/smap.h"
#include "colres/status.h"

/* |a - b| <= tol, printing both numbers when it fails. */
#define TU_CLOSE(a, b, tol, what)                                          \
    do {                                                                   \
        double tu_a_ = (a), tu_b_ = (b), tu_t_ = (tol);                    \
        ck_assert_msg(fabs(tu_a_ - tu_b_) <= tu_t_,                        \
                      "%s: %.17g vs %.17g (diff %.3g > tol %.3g)", (what), \
                      tu_a_, tu_b_, fabs(tu_a_ - tu_b_), tu_t_);           \
    } while (0)

/* |a - b| <= tol for complex numbers. */
#define TU_CCLOSE(a, b, tol, what)                                         \
    do {                                                                   \
        double complex tu_a_ = (a), tu_b_ = (b);                           \
        double tu_t_ = (tol);                                              \
        ck_assert_msg(cabs(tu_a_ - tu_b_) <= tu_t_,                        \
                      "%s: %.17g%+.17gi vs %.17g%+.17gi (diff %.3g > %.3g)", \
                      (what), creal(tu_a_), cimag(tu_a_), creal(tu_b_),    \
                      cimag(tu_b_), cabs(tu_a_ - tu_b_), tu_t_);           \
    } while (0)

/* A scratch directory "$TMPDIR/colres-TAG-XXXXXX" (TMPDIR or /tmp) into
 * dir, and its removal with everything in it. */
static inline void tu_scratch_dir(char *dir, size_t len, const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, len, "%s/colres-%s-XXXXXX", tmp != NULL ? tmp : "/tmp", tag);
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static inline void tu_scratch_remove(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Defaults, then a space-separated list of name=value settings applied with
 * the public parser, e.g. "beta=20 mass=50".  Fails the test on a bad one. */
static inline void tu_params(cr_params *p, const char *settings)
{
    char buf[256], err[256];
    cr_params_default(p);
    if (settings == NULL)
        return;
    snprintf(buf, sizeof buf, "%s", settings);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok != NULL;
         tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        ck_assert_msg(eq != NULL, "bad test setting %s", tok);
        *eq = '\0';
        int st = cr_params_set(p, tok, eq + 1, err, sizeof err);
        ck_assert_msg(st == CR_OK, "setting %s: %s", tok, err);
    }
    int st = cr_params_validate(p, err, sizeof err);
    ck_assert_msg(st == CR_OK, "test point \"%s\" invalid: %s", settings, err);
}

/* The production map at p; fails the test if it cannot be computed. */
static inline void tu_map(const cr_params *p, cr_map *S)
{
    char err[256] = "";
    cr_smap_workspace *w = cr_smap_alloc();
    ck_assert_msg(w != NULL, "cr_smap_alloc failed");
    int st = cr_smap_compute(w, p, S, err, sizeof err);
    cr_smap_free(w);
    ck_assert_msg(st == CR_OK, "cr_smap_compute: %s", err);
}

/* Run one suite; exit status 0 iff every test passed. */
static inline int tu_run(Suite *s)
{
    cr_init();
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
