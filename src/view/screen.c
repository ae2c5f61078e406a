/* screen.c — the heat-map planes of view/screen.h. */
#include "config.h"

#include "view/screen.h"

#include <string.h>

#include "colres/params.h"

static const cr_plane planes[CR_PLANE_COUNT] = {
    [CR_PLANE_GAMMA_DELTA] = { CR_P_GAMMA, CR_P_DELTA, CR_SCREEN_GAMMA_MIN, CR_SCREEN_GAMMA_MAX,
                               0.1, 2.0, 1, 0, "Γ–Δ", "G-D", "gamma-delta" },
    [CR_PLANE_DX_DELTA] = { CR_P_DX, CR_P_DELTA, 0.1, 10.0, 0.1, 2.0, 1, 0,
                            "Δx–Δ", "dx-D", "dx-delta" },
    [CR_PLANE_DX_GAMMA] = { CR_P_DX, CR_P_GAMMA, 0.1, 10.0, CR_SCREEN_GAMMA_MIN,
                            CR_SCREEN_GAMMA_MAX, 1, 1, "Δx–Γ", "dx-G", "dx-gamma" },
};

int cr_plane_get(int plane, cr_plane *out)
{
    if (plane < 0 || plane >= CR_PLANE_COUNT)
        return -1;
    *out = planes[plane];
    return 0;
}

int cr_plane_find(const char *key)
{
    for (int i = 0; i < CR_PLANE_COUNT; i++)
        if (strcmp(planes[i].key, key) == 0)
            return i;
    return -1;
}

int cr_plane_equal(const cr_plane *a, const cr_plane *b)
{
    return a->xparam == b->xparam && a->yparam == b->yparam && a->x_lo == b->x_lo
        && a->x_hi == b->x_hi && a->y_lo == b->y_lo && a->y_hi == b->y_hi
        && a->x_log == b->x_log && a->y_log == b->y_log;
}
