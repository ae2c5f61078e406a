/* params_levels.h — the `levels` and `coupling` parameters: parsing,
 * comparison and the size check (params_levels.c), used by params.c.
 * Private to src/lib. */
#ifndef COLRES_LIB_PARAMS_LEVELS_H
#define COLRES_LIB_PARAMS_LEVELS_H

#include <stddef.h>

#include "colres/params.h"

/* cr_params_set() for "levels" and "coupling": on error p is unchanged
 * and err holds one line naming the offending entry. */
int cr_params_set_levels(cr_params *p, const char *value, char *err, size_t errlen);
int cr_params_set_coupling(cr_params *p, const char *value, char *err, size_t errlen);

/* Equal level schemes and couplings (what cr_params_equal() adds to the
 * numeric table). */
int cr_params_levels_equal(const cr_params *a, const cr_params *b);

/* The levels (2 to CR_NMAX, finite, ascending) and an explicit
 * coupling's size against their number: CR_OK, or an error such as
 * "coupling is 3x3 but levels has 2 entries". */
int cr_params_check_levels(const cr_params *p, char *err, size_t errlen);

/* Non-zero when the levels (coupling) differ from cr_params_default()'s:
 * cr_params_format() writes their lines only then. */
int cr_params_levels_custom(const cr_params *p);
int cr_params_coupling_custom(const cr_params *p);

/* v as the shortest of %.15g, %.16g, %.17g that reads back to the same
 * double (0.6, not 0.59999999999999998); snprintf's return value. */
int cr_params_shortest(char *buf, size_t buflen, double v);

#endif
