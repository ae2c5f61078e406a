/*
 * snapshot.c — `colres snapshot`: one TUI frame as plain text on stdout.
 * Every computation finishes first (map, steady state, Γ curve, trajectory,
 * mean curve, heat map), so the frame shows final numbers; with a fixed
 * seed the output is deterministic, which the golden-screen test relies on.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "colres/canvas.h"
#include "colres/frame.h"
#include "colres/model.h"
#include "colres/status.h"

enum { OPT_WIDTH = 1, OPT_HEIGHT, OPT_ASCII, OPT_SEED, OPT_DEPHASE,
       OPT_OVERLAY, OPT_UNITS };

typedef struct snap_args {
    unsigned long width, height, seed;
    int ascii, dephase;
    int first, rough, units;   /* overlays and the units panel */
} snap_args;

static const cli_opt snap_opts[] = {
    { "width", 1, OPT_WIDTH, "W", "frame width in columns (default 80)" },
    { "height", 1, OPT_HEIGHT, "H", "frame height in rows (default 24)" },
    { "ascii", 0, OPT_ASCII, NULL,
      "pure ASCII (default where the locale is not UTF-8)" },
    { "seed", 1, OPT_SEED, "S", "trajectory seed (default 1)" },
    { "dephase", 0, OPT_DEPHASE, NULL,
      "apply the dephasing D after each collision (Eq. 3)" },
    { "overlay", 1, OPT_OVERLAY, "WHICH",
      "theory overlays in the Gamma panel: first (default), rough, both, none" },
    { "units", 0, OPT_UNITS, NULL,
      "show the physical-units panel (the TUI's key u)" },
    { NULL, 0, 0, NULL, NULL },
};

static int snap_opt(void *ctx, int id, const char *arg)
{
    snap_args *a = ctx;

    switch (id) {
    case OPT_WIDTH:
        return cli_parse_ulong("width", arg, 1, 1000, &a->width);
    case OPT_HEIGHT:
        return cli_parse_ulong("height", arg, 1, 500, &a->height);
    case OPT_ASCII:
        a->ascii = 1;
        return CLI_OK;
    case OPT_SEED:
        return cli_parse_ulong("seed", arg, 0, 0xffffffffUL, &a->seed);
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    case OPT_OVERLAY:
        if (strcmp(arg, "first") == 0 || strcmp(arg, "rough") == 0
            || strcmp(arg, "both") == 0 || strcmp(arg, "none") == 0) {
            a->first = strcmp(arg, "first") == 0 || strcmp(arg, "both") == 0;
            a->rough = strcmp(arg, "rough") == 0 || strcmp(arg, "both") == 0;
            return CLI_OK;
        }
        return cli_error("invalid --overlay \"%s\": valid are first, rough, "
                         "both, none", arg);
    case OPT_UNITS:
        a->units = 1;
        return CLI_OK;
    default:
        return cli_error("snapshot: unexpected option");
    }
}

static int locale_is_utf8(void)
{
    const char *cs;

    setlocale(LC_CTYPE, "");
    cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int cmd_snapshot(int argc, char **argv)
{
    static const char usage[] =
        "Usage: colres snapshot [--width W] [--height H] [--ascii] "
        "[--seed S] [--overlay WHICH] [--units] [PARAMETERS]\n"
        "Print one frame of the terminal UI as text (no terminal needed).";
    snap_args a = { 80, 24, 1, 0, 0, 1, 0, 0 };
    cr_view_compute_opts o;
    cli_common common;
    cr_canvas *canvas;
    cr_view *v;
    char err[512];
    int st, nx, ny;

    st = cli_parse(argc, argv, usage, snap_opts, snap_opt, &a, &common);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cli_warn(&common);
    if (!a.ascii && !locale_is_utf8())
        a.ascii = 1;

    v = cr_view_new();
    canvas = cr_canvas_new((int)a.width, (int)a.height, a.ascii);
    if (!v || !canvas) {
        cr_view_free(v);
        cr_canvas_free(canvas);
        fprintf(stderr, "colres: snapshot: out of memory\n");
        return CLI_FAIL;
    }
    cr_view_set_params(v, &common.params);
    v->ascii = a.ascii;
    v->seed = a.seed;
    v->dephase = a.dephase;
    v->paused = 1;   /* a still frame */
    v->show_first = a.first;
    v->show_rough = a.rough;
    v->show_units = a.units;

    memset(&o, 0, sizeof o);
    cr_frame_heat_size(v, (int)a.width, (int)a.height, &nx, &ny);
    o.heat_nx = nx;
    o.heat_ny = ny;
    o.threads = common.threads;
    o.cancel = &cli_interrupted;
    cli_install_signals();
    st = cr_view_compute(v, &o, err, sizeof err);
    if (st != CR_OK) {
        fprintf(stderr, "colres: snapshot: %s\n", err);
        cr_view_free(v);
        cr_canvas_free(canvas);
        return CLI_FAIL;
    }
    snprintf(v->busy, sizeof v->busy, "done: %dx%d heat map", v->heat_nx,
             v->heat_ny);
    cr_frame_render(v, canvas);
    st = cr_canvas_write(canvas, stdout, a.ascii);
    if (st == CR_OK && fflush(stdout) != 0)
        st = CR_EIO;
    cr_view_free(v);
    cr_canvas_free(canvas);
    if (st != CR_OK) {
        fprintf(stderr, "colres: snapshot: cannot write the frame\n");
        return CLI_FAIL;
    }
    return CLI_OK;
}
