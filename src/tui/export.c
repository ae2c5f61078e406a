/* export.c — `e`: the series shown, as CSV files with their parameters
 * and the command that reproduces them (export.h). */
#include "config.h"

#include "export.h"

#include <complex.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "colres/provenance.h"
#include "colres/status.h"
#include "colres/sweep.h"
#include "files.h"

/* One file of an export: what to write and how to reproduce it. */
typedef struct series {
    const cr_view *v;
    char name[48];            /* steady, mean, trajectory, heatmap, … */
    const cr_params *params;  /* the parameters the data belongs to */
    int dephase;
    char command[PATH_MAX + 1024]; /* colres ... that prints the same CSV, or "" */
    char note[160];           /* why there is no command, or "" */
    int (*write)(FILE *f, const struct series *s);
    int cmp;                  /* compare slot for trajectories, -1: the one */
    const double *heat;       /* the recomputed map */
    int heat_nx, heat_ny;
    const double *xs, *ys;
    char params_path[2 * PATH_MAX + 16];
} series;

static void row(FILE *f, const double *x, int n)
{
    for (int i = 0; i < n; i++)
        fprintf(f, i + 1 < n ? "%.17g," : "%.17g\n", x[i]);
}

static int write_steady(FILE *f, const series *s)
{
    const cr_view *v = s->v;
    fprintf(f, "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,rho01_first_order\n");
    for (size_t i = 0; i < v->curve_n; i++) {
        const cr_sweep_point *q = &v->curve_pts[i];
        double x[8] = { q->value, creal(q->steady.v[0]), creal(q->steady.v[3]),
                        creal(q->steady.v[1]), cimag(q->steady.v[1]), cabs(q->steady.v[1]),
                        creal(q->thermal.v[0]), cabs(q->first.v[1]) };
        row(f, x, 8);
    }
    return 0;
}

static int write_mean(FILE *f, const series *s)
{
    const cr_view *v = s->v;
    fprintf(f, "t,gamma_t,rho00,rho11,rho01_re,rho01_im\n");
    for (size_t i = 0; i < v->mean_n; i++) {
        const cr_state *r = &v->mean_state[i];
        double x[6] = { v->mean_t[i], v->mean_params.gamma * v->mean_t[i], creal(r->v[0]),
                        creal(r->v[3]), creal(r->v[1]), cimag(r->v[1]) };
        row(f, x, 6);
    }
    return 0;
}

static int write_traj(FILE *f, const series *s)
{
    const cr_view *v = s->v;
    size_t n = s->cmp < 0 ? v->traj_n : v->cmp[s->cmp].n;
    size_t start = s->cmp < 0 ? v->traj_start : v->cmp[s->cmp].start;
    const double *gt = s->cmp < 0 ? v->traj_gt : v->cmp[s->cmp].gt;
    const double *r00 = s->cmp < 0 ? v->traj_rho00 : v->cmp[s->cmp].rho00;
    /* The ring buffer keeps the newest samples: number them from the end. */
    unsigned long first = v->collisions + 1 >= n ? v->collisions + 1 - n : 0;
    fprintf(f, "n,gamma_t,rho00\n");
    for (size_t i = 0; i < n; i++) {
        size_t k = (start + i) % CR_SCREEN_TRAJ_MAX;
        double x[3] = { (double)(first + i), gt[k], r00[k] };
        row(f, x, 3);
    }
    return 0;
}

static int write_heat(FILE *f, const series *s)
{
    fprintf(f, "x,y,rho01_abs\n");
    for (int iy = 0; iy < s->heat_ny; iy++)
        for (int ix = 0; ix < s->heat_nx; ix++) {
            double x[3] = { s->xs[ix], s->ys[iy], s->heat[iy * s->heat_nx + ix] };
            row(f, x, 3);
        }
    return 0;
}

static int write_params(FILE *f, const void *ctx)
{
    const series *s = ctx;
    char text[16384];
    fprintf(f, "# colres: the parameters of colres-%s (the CSV beside this file).\n", s->name);
    if (s->command[0] != '\0')
        fprintf(f, "# The same CSV, from the command line:\n#   %s\n", s->command);
    if (s->note[0] != '\0')
        fprintf(f, "# %s\n", s->note);
    /* The provenance of --meta and the figure scripts, the parameters as
     * lines a config file reads back. */
    cr_provenance pv = { NULL, NULL, -2, -1, s->dephase };
    int n = cr_provenance_format(s->params, &pv, "", text, sizeof text);
    if (n < 0 || (size_t)n >= sizeof text)
        return -1;
    fputs(text, f);
    return 0;
}

static int write_csv(FILE *f, const void *ctx)
{
    const series *s = ctx;
    return s->write(f, s);
}

/* "gamma:0.01:100:log" for --x / --y. */
static void axis_arg(char *buf, size_t len, int param, double lo, double hi, int log)
{
    snprintf(buf, len, "%s:%.17g:%.17g%s", cr_param_table()[param].name, lo, hi,
             log ? ":log" : "");
}

/* The heat map at the export's size, by the engine, for the map shown. */
static int compute_heat(const cr_view *v, series *s, volatile sig_atomic_t *cancel,
                        double **buf, char *err, size_t errlen)
{
    const cr_plane *ax = &v->heat_axes;
    size_t nx = (size_t)s->heat_nx, ny = (size_t)s->heat_ny;
    double *xs = malloc(nx * sizeof *xs), *ys = malloc(ny * sizeof *ys);
    double *z = malloc(nx * ny * sizeof *z);
    int st = xs && ys && z ? CR_OK : cr_error(err, errlen, CR_ENOMEM, "heat map: out of memory");
    if (st == CR_OK)
        st = cr_grid(ax->x_lo, ax->x_hi, nx, ax->x_log, xs, err, errlen);
    if (st == CR_OK)
        st = cr_grid(ax->y_lo, ax->y_hi, ny, ax->y_log, ys, err, errlen);
    cr_sweep_opts o = { .threads = 0, .dephase = v->heat_dephase, .cancel = cancel };
    if (st == CR_OK)
        st = cr_heatmap(&v->heat_params, ax->xparam, xs, nx, ax->yparam, ys, ny, z, &o, err,
                        errlen);
    if (st != CR_OK) {
        free(xs);
        free(ys);
        free(z);
        return st;
    }
    s->xs = xs;
    s->ys = ys;
    s->heat = z;
    buf[0] = xs, buf[1] = ys, buf[2] = z;
    return CR_OK;
}

/* The series the screen shows, with their commands. */
static int plan(const cr_view *v, const tui_export_opts *o, series *out, int max)
{
    int n = 0;
    const char *D = " --dephase";
    if (v->curve_n > 0 && n < max) {
        series *s = &out[n++];
        *s = (series){ .v = v, .name = "steady", .params = &v->curve_params,
                       .dephase = v->curve_dephase, .write = write_steady, .cmp = -1 };
        snprintf(s->command, sizeof s->command,
                 "colres sweep --config PARAMS --vary gamma --from %.17g --to %.17g --points %zu "
                 "--log%s", v->curve_gamma[0], v->curve_gamma[v->curve_n - 1], v->curve_n,
                 s->dephase ? D : "");
    }
    if (v->mean_n > 1 && n < max) {
        series *s = &out[n++];
        *s = (series){ .v = v, .name = "mean", .params = &v->mean_params,
                       .dephase = v->mean_dephase, .write = write_mean, .cmp = -1 };
        if (v->mean_from_start)
            snprintf(s->command, sizeof s->command,
                     "colres evolve --config PARAMS --tmax %.17g --points %zu%s",
                     v->mean_t[v->mean_n - 1], v->mean_n, s->dephase ? D : "");
        else
            snprintf(s->note, sizeof s->note, "starts where the parameters last changed "
                     "(t = 0 there), not from the excited state");
    }
    if (v->cmp_n == 0 && v->traj_n > 0 && n < max) {
        series *s = &out[n++];
        *s = (series){ .v = v, .name = "trajectory", .params = &v->traj_params,
                       .dephase = v->dephase, .write = write_traj, .cmp = -1 };
        if (v->traj_pure && v->collisions + 1 == v->traj_n)
            snprintf(s->command, sizeof s->command,
                     "colres trajectory --config PARAMS --collisions %lu --seed %lu%s",
                     v->collisions, v->seed, s->dephase ? D : "");
        else
            snprintf(s->note, sizeof s->note, "parameters changed while it ran, or its start "
                     "scrolled out: no single command reproduces it");
    }
    for (int k = 0; k < v->cmp_n && n < max; k++) {
        series *s = &out[n++];
        *s = (series){ .v = v, .params = &v->traj_params, .dephase = v->cmp[k].dephase
                       || v->dephase, .write = write_traj, .cmp = k };
        snprintf(s->name, sizeof s->name, "trajectory-gamma%g%s", v->cmp[k].gamma,
                 v->cmp[k].dephase ? "-D" : "");
        if (v->traj_pure && v->collisions + 1 == v->cmp[k].n)
            snprintf(s->command, sizeof s->command,
                     "colres trajectory --config PARAMS --gamma %g --collisions %lu --seed %lu%s",
                     v->cmp[k].gamma, v->collisions, v->seed, s->dephase ? D : "");
    }
    if (v->heat_nx > 0 && v->heat_rows_done > 0 && n < max) {
        series *s = &out[n++];
        char xa[96], ya[96];
        const cr_plane *ax = &v->heat_axes;
        *s = (series){ .v = v, .name = "heatmap", .params = &v->heat_params,
                       .dephase = v->heat_dephase, .write = write_heat, .cmp = -1,
                       .heat_nx = o->heat_nx > 0 ? o->heat_nx : 128,
                       .heat_ny = o->heat_ny > 0 ? o->heat_ny : 128 };
        axis_arg(xa, sizeof xa, ax->xparam, ax->x_lo, ax->x_hi, ax->x_log);
        axis_arg(ya, sizeof ya, ax->yparam, ax->y_lo, ax->y_hi, ax->y_log);
        snprintf(s->command, sizeof s->command,
                 "colres heatmap --config PARAMS --x %s --y %s --size %dx%d%s", xa, ya,
                 s->heat_nx, s->heat_ny, s->dephase ? D : "");
    }
    return n;
}

/* path as one word for a POSIX shell, pasted: as is when every byte is
 * plain; else in single quotes (a quote as '\''); with a control
 * character (a newline would end the .params comment the command stands
 * in), "$(printf 'ESCAPED')" with \ooo for it.  A .params path never
 * ends in a newline, which $(...) would drop.  -1 when out is too small. */
static int shell_quote(const char *path, char *out, size_t outlen)
{
    int plain = path[0] != '\0', control = 0;
    for (const unsigned char *c = (const unsigned char *)path; *c != '\0'; c++) {
        plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
                 || (*c >= '0' && *c <= '9') || strchr("/._-+:@,=", *c) != NULL;
        control |= *c < 0x20 || *c == 0x7f;
    }
    size_t n = 0;
#define PUT(str) do { size_t l_ = strlen(str); if (n + l_ >= outlen) return -1; \
                      memcpy(out + n, str, l_); n += l_; } while (0)
    if (!plain)
        PUT(control ? "\"$(printf '" : "'");
    for (const unsigned char *c = (const unsigned char *)path; *c != '\0'; c++) {
        char one[8] = { (char)*c, '\0' };
        if (*c == '\'')
            PUT("'\\''");
        else if (control && (*c < 0x20 || *c == 0x7f)) {
            snprintf(one, sizeof one, "\\%03o", *c);
            PUT(one);
        } else if (control && (*c == '\\' || *c == '%'))
            PUT(*c == '%' ? "%%" : "\\\\");
        else
            PUT(one);
    }
    if (!plain)
        PUT(control ? "')\"" : "'");
#undef PUT
    out[n] = '\0';
    return 0;
}

/* A stamp for which no file of the export exists yet. */
static int free_stamp(const char *dir, const series *s, int n, char *stamp, size_t len)
{
    char base[32], path[PATH_MAX + 160];
    struct stat st;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(base, sizeof base, "%Y%m%d-%H%M%S", &tm);
    for (int k = 1; k < 1000; k++) {
        int taken = 0;
        snprintf(stamp, len, k == 1 ? "%s" : "%s-%d", base, k);
        for (int i = 0; i < n && !taken; i++) {
            snprintf(path, sizeof path, "%s/colres-%s-%s.csv", dir, s[i].name, stamp);
            taken = lstat(path, &st) == 0;
            snprintf(path, sizeof path, "%s/colres-%s-%s.csv.params", dir, s[i].name, stamp);
            taken |= lstat(path, &st) == 0;
        }
        if (!taken)
            return 0;
    }
    return -1;
}

int tui_export(const cr_view *v, const tui_export_opts *o, char *msg, size_t msglen)
{
    char dir[PATH_MAX], stamp[48], err[PATH_MAX + 256], names[256] = "";
    series s[3 + CR_VIEW_CMP_MAX + 1];
    const char *want = o != NULL && o->dir != NULL && o->dir[0] != '\0' ? o->dir : ".";
    /* The view keeps the paper's qubit's series (a top-left block for
     * more levels): other systems are exported by the commands. */
    if (!cr_params_is_qubit(&v->params))
        return cr_error(msg, msglen, CR_EINVAL, "export: the paper's qubit only; for --levels or "
                        "--coupling use colres sweep, evolve, trajectory, heatmap");
    if (realpath(want, dir) == NULL)
        return cr_error(msg, msglen, CR_EIO, "export failed: %s: %s", want, strerror(errno));
    int n = plan(v, o, s, (int)(sizeof s / sizeof s[0]));
    if (n == 0)
        return cr_error(msg, msglen, CR_EIO, "nothing to export yet: nothing is computed");
    if (free_stamp(dir, s, n, stamp, sizeof stamp) != 0)
        return cr_error(msg, msglen, CR_EIO, "export failed: no free file name in %s", dir);
    double *heat[3] = { NULL, NULL, NULL };
    int st = CR_OK;
    /* The heat map, the slow part, first: cancelled, it leaves no file. */
    for (int i = 0; i < n && st == CR_OK; i++)
        if (s[i].write == write_heat)
            st = compute_heat(v, &s[i], o != NULL ? o->cancel : NULL, heat, err, sizeof err);
    for (int i = 0; i < n && st == CR_OK; i++) {
        char csv[2 * PATH_MAX], *p;
        if (strlen(dir) + strlen(s[i].name) + strlen(stamp) + 20 > PATH_MAX) {
            st = cr_error(err, sizeof err, CR_EIO, "%s: %s", dir, strerror(ENAMETOOLONG));
            break;
        }
        int m = snprintf(csv, sizeof csv, "%s/colres-%s-%s.csv", dir, s[i].name, stamp);
        if (m < 0 || (size_t)m >= sizeof csv
            || snprintf(s[i].params_path, sizeof s[i].params_path, "%s.params", csv) < 0) {
            st = cr_error(err, sizeof err, CR_EIO, "%s: %s", dir, strerror(ENAMETOOLONG));
            break;
        }
        if ((p = strstr(s[i].command, "PARAMS")) != NULL) { /* the real path, quoted */
            char rest[1024], quoted[sizeof s[i].command];
            snprintf(rest, sizeof rest, "%s", p + 6);
            if (shell_quote(s[i].params_path, quoted, sizeof quoted) != 0
                || (size_t)snprintf(p, sizeof s[i].command - (size_t)(p - s[i].command),
                                    "%s%s", quoted, rest)
                   >= sizeof s[i].command - (size_t)(p - s[i].command)) {
                s[i].command[0] = '\0';
                snprintf(s[i].note, sizeof s[i].note, "the export directory's name is too "
                         "long to quote: use --config with this file");
            }
        }
        if (st == CR_OK)
            st = tui_write_file(csv, 0, write_csv, &s[i], err, sizeof err);
        if (st == CR_OK) {
            st = tui_write_file(s[i].params_path, 0, write_params, &s[i], err, sizeof err);
            if (st != CR_OK)
                unlink(csv); /* no CSV without its parameters: both or neither */
        }
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", s[i].name);
    }
    free(heat[0]);
    free(heat[1]);
    free(heat[2]);
    if (st == CR_ECANCEL)
        return cr_error(msg, msglen, st, "export cancelled: nothing written");
    if (st != CR_OK)
        return cr_error(msg, msglen, st, "export failed: %s", err);
    snprintf(msg, msglen, "exported %s to %s/colres-*-%s.csv (+ .params with the command "
             "that reproduces each)", names, dir, stamp);
    return CR_OK;
}
