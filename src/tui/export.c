/* export.c — atomic CSV export of the series shown by the TUI. */
#include "config.h"

#include "export.h"

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "colres/model.h"
#include "colres/status.h"

typedef void (*write_fn)(FILE *f, const cr_view *v);

/* Write path atomically: temporary file beside it, then rename. */
static int write_atomic(const char *path, const cr_view *v, write_fn fn,
                        const char *text, char *err, size_t errlen)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        unlink(tmp);
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(errno));
    }
    if (fn != NULL)
        fn(f, v);
    else
        fputs(text, f);
    int bad = ferror(f);
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(e != 0 ? e : EIO));
    }
    return CR_OK;
}

static void write_curve(FILE *f, const cr_view *v)
{
    /* Both overlays are written whether shown or not: a CSV is for
     * plotting later, and the columns should not depend on a key press. */
    fprintf(f, "gamma,rho00,rho11,rho01_abs,rho01_first_order_abs,thermal00,"
               "rho01_rough_abs\n");
    double th = creal(v->thermal.v[CR_VEC(0, 0)]);
    for (size_t i = 0; i < v->curve_n; i++)
        fprintf(f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", v->curve_gamma[i],
                v->curve_rho00[i], v->curve_rho11[i], v->curve_coh[i], v->curve_first_coh[i],
                th, v->have_rough ? v->curve_rough[i] : NAN);
}

static void write_traj(FILE *f, const cr_view *v)
{
    fprintf(f, "gamma_t,rho00\n");
    for (size_t i = 0; i < v->traj_n; i++) {
        size_t k = (v->traj_start + i) % CR_VIEW_TRAJ_MAX;
        fprintf(f, "%.17g,%.17g\n", v->traj_gt[k], v->traj_rho00[k]);
    }
}

static void write_mean(FILE *f, const cr_view *v)
{
    fprintf(f, "gamma_t,rho00\n");
    for (size_t i = 0; i < v->mean_n; i++)
        fprintf(f, "%.17g,%.17g\n", v->mean_gt[i], v->mean_rho00[i]);
}

static void write_heat(FILE *f, const cr_view *v)
{
    const cr_param_info *t = cr_param_table();
    double xs[CR_VIEW_HEAT_MAX], ys[CR_VIEW_HEAT_MAX];
    char err[128];
    fprintf(f, "%s,%s,rho01_abs\n", t[v->heat_xparam].name, t[v->heat_yparam].name);
    if (cr_view_heat_grid(v, xs, ys, err, sizeof err) != CR_OK)
        return;
    for (int iy = 0; iy < v->heat_ny; iy++)
        for (int ix = 0; ix < v->heat_nx; ix++) {
            double z = v->heat[iy * v->heat_nx + ix];
            if (z == z) /* rows not computed yet are left out */
                fprintf(f, "%.17g,%.17g,%.17g\n", xs[ix], ys[iy], z);
        }
}

int tui_export(const cr_view *v, char *msg, size_t msglen)
{
    static const struct {
        const char *what;
        write_fn fn;
    } series[] = {
        { "steady", write_curve },
        { "trajectory", write_traj },
        { "mean", write_mean },
        { "heatmap", write_heat },
    };
    char stamp[32], params[2048], err[600];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    cr_params_format(&v->params, params, sizeof params);
    /* "exported steady, trajectory (skipped heatmap: no data yet) to
     * colres-*-STAMP.csv (+ .params)": one stamp for all, so the names are
     * short enough for an 80-column status line. */
    char done[96] = "", skipped[96] = "";
    for (size_t i = 0; i < sizeof series / sizeof series[0]; i++) {
        size_t n = i == 0 ? v->curve_n : i == 1 ? v->traj_n : i == 2 ? v->mean_n
                                                             : (size_t)v->heat_rows_done;
        char *list = n == 0 ? skipped : done;
        size_t len = strlen(list);
        snprintf(list + len, sizeof done - len, "%s%s", len ? ", " : "", series[i].what);
        if (n == 0)
            continue; /* not computed yet: no empty file */
        char path[256], side[280];
        snprintf(path, sizeof path, "colres-%s-%s.csv", series[i].what, stamp);
        snprintf(side, sizeof side, "%s.params", path);
        int st = write_atomic(path, v, series[i].fn, NULL, err, sizeof err);
        if (st == CR_OK)
            st = write_atomic(side, v, NULL, params, err, sizeof err);
        if (st != CR_OK)
            return cr_error(msg, msglen, st, "export failed: %s", err);
    }
    if (done[0] == '\0')
        snprintf(msg, msglen, "nothing exported: %s have no data yet", skipped);
    else if (skipped[0] == '\0')
        snprintf(msg, msglen, "exported %s to colres-*-%s.csv (+ .params)", done, stamp);
    else
        snprintf(msg, msglen, "exported %s (skipped %s: no data yet) to colres-*-%s.csv "
                 "(+ .params)", done, skipped, stamp);
    return CR_OK;
}
