/* check_validity.c — where the model stops being physical:
 * Choi matrices of maps known to be (or not to be) completely positive,
 * qubit state eigenvalues, the packet state of Eq. 23, the Wigner value. */
#include "config.h"

#include <check.h>
#include <complex.h>
#include <math.h>
#include <string.h>

#include "colres/dynamics.h"
#include "colres/smap.h"
#include "colres/validity.h"
#include "testutil.h"

static double choi_min(const cr_map *S)
{
    double v;
    char err[256] = "";
    ck_assert_msg(cr_validity_choi_min(S, &v, err, sizeof err) == CR_OK, "%s", err);
    return v;
}

/* The map ρ → UρU†: S^{jk}_{j'k'} = U_{j'j} conj(U_{k'k}). */
static void conjugation_map(const double complex U[2][2], cr_map *S)
{
    for (int jp = 0; jp < 2; jp++)
        for (int kp = 0; kp < 2; kp++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 2; k++)
                    S->m[CR_VEC(jp, kp)][CR_VEC(j, k)] = U[jp][j] * conj(U[kp][k]);
}

/* Completely positive maps have a positive semidefinite Choi matrix; for
 * the identity, a unitary conjugation (both rank one: eigenvalues 2,0,0,0)
 * and the full dephasing D (diag 1,0,0,1) the smallest eigenvalue is 0 to
 * round-off of a 4×4 Hermitian eigensolve, 1e-14.  The depolarising map
 * ρ → (1-q)ρ + q Tr(ρ) I/2 has Choi eigenvalues 2 - 3q/2 and q/2 (three
 * times): q = 0.3 gives 0.15.  The transpose is positive but not
 * completely positive: its Choi matrix is the swap, smallest eigenvalue -1. */
START_TEST(test_choi_of_known_maps)
{
    cr_map S;
    memset(&S, 0, sizeof S);
    for (int i = 0; i < 4; i++)
        S.m[i][i] = 1.0;
    TU_CLOSE(choi_min(&S), 0.0, 1e-14, "identity");

    S.m[CR_VEC(0, 1)][CR_VEC(0, 1)] = 0.0; /* D: coherences to zero */
    S.m[CR_VEC(1, 0)][CR_VEC(1, 0)] = 0.0;
    TU_CLOSE(choi_min(&S), 0.0, 1e-14, "full dephasing D");

    double th = 0.7, ph = 1.9;
    const double complex U[2][2] = {
        { cos(th), -sin(th) * cexp(-I * ph) },
        { sin(th) * cexp(I * ph), cos(th) },
    };
    conjugation_map(U, &S);
    TU_CLOSE(choi_min(&S), 0.0, 1e-14, "unitary conjugation");

    memset(&S, 0, sizeof S);
    double q = 0.3;
    for (int i = 0; i < 4; i++)
        S.m[i][i] = 1.0 - q;
    for (int j = 0; j < 2; j++) /* + q Tr(ρ) I/2 */
        for (int jp = 0; jp < 2; jp++)
            S.m[CR_VEC(jp, jp)][CR_VEC(j, j)] += 0.5 * q;
    TU_CLOSE(choi_min(&S), 0.5 * q, 1e-14, "depolarising q = 0.3");

    memset(&S, 0, sizeof S);
    for (int j = 0; j < 2; j++) /* transpose: ρ_jk → ρ_kj */
        for (int k = 0; k < 2; k++)
            S.m[CR_VEC(k, j)][CR_VEC(j, k)] = 1.0;
    TU_CLOSE(choi_min(&S), -1.0, 1e-14, "transpose");
}
END_TEST

/* Smallest eigenvalue of 2×2 states in closed form: thermal (ρ11), a pure
 * state (0), and [[0.5, 0.6],[0.6, 0.5]] (-0.1, not a state).  1e-15. */
START_TEST(test_state_min_eigenvalue)
{
    cr_state s;
    cr_thermal_state(0.1, 0.6, &s);
    TU_CLOSE(cr_validity_state_min(&s), creal(s.v[3]), 1e-15, "thermal");
    s.v[0] = 0.5; s.v[3] = 0.5; s.v[1] = 0.5 * cexp(0.3 * I); s.v[2] = conj(s.v[1]);
    TU_CLOSE(cr_validity_state_min(&s), 0.0, 1e-15, "pure");
    s.v[1] = 0.6; s.v[2] = 0.6;
    TU_CLOSE(cr_validity_state_min(&s), -0.1, 1e-15, "not a state");
}
END_TEST

/* Choi tolerance for computed maps: each entry is good to 1e-9 (smap.h),
 * so the 4×4 Choi matrix to 4e-9 in norm and its eigenvalues as much.
 * At the defaults both models give completely positive maps (measured
 * 7.2e-5 approx, 4.9e-3 exact) and then the steady state is a state at
 * every Γ (its smallest eigenvalue >= -1e-12, round-off of the solve).
 * With exact amplitudes at β = 10 the map is not completely positive
 * (measured -8.18e-3) and the steady state at Γ = 5 is not a state
 * (|ρ01| > √(ρ00ρ11), measured -0.0159): the model's limit. */
#define CHOI_TOL 4e-9
START_TEST(test_computed_maps_and_steady_positivity)
{
    static const char *const cp[] = { NULL, "amplitudes=exact" };
    static const double gammas[] = { 1e-3, 0.1, 5.0, 100.0 };
    cr_params p;
    cr_map S;
    cr_state ss;
    char err[256] = "";
    for (int i = 0; i < 2; i++) {
        tu_params(&p, cp[i]);
        tu_map(&p, &S);
        double c = choi_min(&S);
        ck_assert_msg(c >= -CHOI_TOL, "[%s] Choi min %g", cp[i] ? cp[i] : "defaults", c);
        for (int g = 0; g < 4; g++) {
            ck_assert_int_eq(cr_steady_state(&S, gammas[g], p.delta, &ss, err, sizeof err), CR_OK);
            ck_assert_msg(cr_validity_state_min(&ss) >= -1e-12, "[%s] gamma %g: steady min %g",
                          cp[i] ? cp[i] : "defaults", gammas[g], cr_validity_state_min(&ss));
        }
    }
    tu_params(&p, "amplitudes=exact beta=10");
    tu_map(&p, &S);
    ck_assert_msg(choi_min(&S) < -1e-3, "exact beta=10: Choi min %g", choi_min(&S));
    ck_assert_int_eq(cr_steady_state(&S, 5.0, p.delta, &ss, err, sizeof err), CR_OK);
    ck_assert_msg(cr_validity_state_min(&ss) < -1e-3, "exact beta=10: steady min %g",
                  cr_validity_state_min(&ss));
}
END_TEST

/* the paper's Eq. 23: the packet state at the defaults has smallest eigenvalue
 * -0.01744 (given to 4 significant digits: 5e-6 absolute); the
 * refined value (tol 1e-8) agrees with the 1e-6 one to 1e-6; it moves
 * towards 0 as Δx grows (a broader packet is closer to a mixture of
 * momenta) and away as Δx shrinks. */
START_TEST(test_packet_min_eigenvalue)
{
    cr_params p;
    double v, v8, vwide, vnarrow;
    size_t n;
    char err[256] = "";
    tu_params(&p, NULL);
    ck_assert_msg(cr_validity_packet_min(&p, 1e-6, &v, &n, err, sizeof err) == CR_OK, "%s", err);
    TU_CLOSE(v, -0.01744, 5e-6, "packet min eigenvalue at the defaults");
    ck_assert_msg(cr_validity_packet_min(&p, 1e-8, &v8, NULL, err, sizeof err) == CR_OK, "%s", err);
    TU_CLOSE(v, v8, 1e-6, "refined packet eigenvalue");
    tu_params(&p, "dx=2");
    ck_assert_int_eq(cr_validity_packet_min(&p, 1e-6, &vwide, NULL, err, sizeof err), CR_OK);
    tu_params(&p, "dx=0.5");
    ck_assert_int_eq(cr_validity_packet_min(&p, 1e-6, &vnarrow, NULL, err, sizeof err), CR_OK);
    ck_assert_msg(v < vwide && vwide < 0.0 && vnarrow < v,
                  "dx 0.5, 1, 2: %g %g %g", vnarrow, v, vwide);
    /* Beyond the grid cap the call says so instead of guessing. */
    tu_params(&p, "mass=66086.139445683686 beta=4.3153856370495172e-05");
    ck_assert_int_eq(cr_validity_packet_min(&p, 1e-6, &v, NULL, err, sizeof err), CR_ENUMERIC);
    ck_assert_msg(strstr(err, "grid points") != NULL, "%s", err);
}
END_TEST

/* 4πΔx√(m/β): 4π at the defaults; 1/(4π√(m/β)) is the smallest valid Δx. */
START_TEST(test_wigner_value)
{
    cr_params p;
    tu_params(&p, NULL);
    TU_CLOSE(cr_validity_wigner(&p), 4.0 * M_PI, 1e-14, "defaults");
    tu_params(&p, "dx=0.01 mass=4 beta=0.01");
    TU_CLOSE(cr_validity_wigner(&p), 4.0 * M_PI * 0.01 * 20.0, 1e-14, "dx 0.01, m/beta 400");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("validity");
    TCase *tc = tcase_create("validity");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_choi_of_known_maps);
    tcase_add_test(tc, test_state_min_eigenvalue);
    tcase_add_test(tc, test_computed_maps_and_steady_positivity);
    tcase_add_test(tc, test_packet_min_eigenvalue);
    tcase_add_test(tc, test_wigner_value);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
