/* export.c — the files the TUI writes, all atomically: the CSV export of
 * the series shown (`e`) and the saved settings (`s`). */
#include "config.h"

#include "export.h"

#include <complex.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "view/view.h"
#include "colres/status.h"

typedef void (*write_fn)(FILE *f, const cr_view *v);

/* The mode a new file gets from open(2): 0666 less the umask.  (umask()
 * can only be read by setting it; the TUI's other threads create no
 * files.) */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

/* Write path atomically: a temporary file beside it, written, flushed and
 * fsync'ed, then renamed over path, then the directory fsync'ed.  On any
 * failure the temporary file is removed and path is left as it was, so an
 * interrupted write (Ctrl-C, a full disk) never leaves a half file.  The
 * file keeps the mode of the one it replaces (else 0666 less the umask,
 * not mkstemp's 0600); a symbolic link (a dotfiles manager's) is followed,
 * not replaced.  Content: fn(f, v), or text when fn is NULL. */
static int write_atomic(const char *path, const cr_view *v, write_fn fn,
                        const char *text, char *err, size_t errlen)
{
    char target[PATH_MAX], tmp[PATH_MAX + 16];
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, target) != NULL)
        path = target;
    mode_t mode = stat(path, &st) == 0 ? st.st_mode & 07777 : new_file_mode();
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= sizeof tmp)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(ENAMETOOLONG));
    int fd = mkstemp(tmp);
    if (fd < 0)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(e));
    }
    errno = 0;
    if (fn != NULL)
        fn(f, v);
    else
        fputs(text, f);
    int bad = ferror(f);
    bad |= fchmod(fd, mode) != 0;
    bad |= fflush(f) != 0 || fsync(fd) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(e != 0 ? e : EIO));
    }
    /* The rename itself is durable once the directory is synced; some
     * file systems cannot sync a directory, which costs only that. */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    int dfd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        if (fsync(dfd) != 0)
            errno = 0;
        close(dfd);
    }
    return CR_OK;
}

/* mkdir -p of the directory holding path (new directories 0755 less the
 * umask). */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(ENAMETOOLONG));
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return CR_OK; /* the current directory, or / */
    *slash = '\0';
    for (char *q = dir + 1;; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char c = *q;
        *q = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return cr_error(err, errlen, CR_EIO, "cannot create %s: %s", dir, strerror(errno));
        *q = c;
        if (c == '\0')
            break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cr_error(err, errlen, CR_EIO, "%s: %s", dir, strerror(ENOTDIR));
    return CR_OK;
}

int tui_save_settings(const cr_params *p, const char *path, char *msg, size_t msglen)
{
    static const char head[] = "# colres settings, saved by the TUI (key s); read at start-up.\n";
    char text[2048], err[PATH_MAX + 128];
    if (path == NULL || path[0] == '\0')
        return cr_error(msg, msglen, CR_EIO, "cannot save: no config file to name "
                        "(set HOME or XDG_CONFIG_HOME, or start with --config FILE)");
    memcpy(text, head, sizeof head);
    int n = cr_params_format(p, text + sizeof head - 1, sizeof text - (sizeof head - 1));
    if (n < 0 || (size_t)n >= sizeof text - (sizeof head - 1))
        return cr_error(msg, msglen, CR_EIO, "cannot save: parameters do not fit");
    int st = make_parent_dirs(path, err, sizeof err);
    if (st == CR_OK)
        st = write_atomic(path, NULL, NULL, text, err, sizeof err);
    if (st != CR_OK)
        return cr_error(msg, msglen, st, "cannot save the settings: %s", err);
    snprintf(msg, msglen, "saved the parameters to %s", path);
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
        size_t k = (v->traj_start + i) % CR_SCREEN_TRAJ_MAX;
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
    double xs[CR_SCREEN_HEAT_MAX], ys[CR_SCREEN_HEAT_MAX];
    char err[128];
    fprintf(f, "%s,%s,rho01_abs\n", t[v->heat_axes.xparam].name, t[v->heat_axes.yparam].name);
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
