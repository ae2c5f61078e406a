/*
 * screen.c — the two commands that show the screen: `colres [tui]`, the
 * interactive terminal UI, and `colres snapshot`, one frame of it as text.
 *
 * Both take the same screen options and build the same session
 * (view/session.h); the snapshot waits until the session's solver is idle
 * and prints the frame, so `colres snapshot --width W --height H [FLAGS]`
 * shows what `colres --pause [FLAGS]` shows in a W×H terminal, apart from
 * the measured timings of the status line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "colres/status.h"
#include "tui/tui.h"
#include "view/canvas.h"
#include "view/frame.h"
#include "view/lecture.h"
#include "view/palette.h"
#include "view/preset.h"
#include "view/session.h"
#include "view/mech.h"

enum { OPT_ASCII = 1, OPT_NO_COLOR, OPT_NO_MOUSE, OPT_THEME, OPT_SEED, OPT_KEYS,
       OPT_PAUSE, OPT_DEPHASE, OPT_OVERLAY, OPT_UNITS, OPT_PLANE, OPT_WIDTH, OPT_HEIGHT,
       OPT_COLOR, OPT_EXPORT_DIR, OPT_ENSEMBLE, OPT_COLLISIONS, OPT_FOCUS, OPT_LECTURE,
       OPT_SCENE, OPT_VERBOSE };

typedef struct screen_args {
    cr_session_opts s;
    int want_color, mouse, keys;
    const char *export_dir;
    const char *lecture;       /* --lecture NAME|FILE */
    unsigned long width, height, scene;
    unsigned long collisions;   /* snapshot: collisions run before the frame */
    int verbose;
} screen_args;

/* The options of both commands (the snapshot adds its size). */
#define SCREEN_OPTS                                                                       \
    { "ascii", 0, OPT_ASCII, NULL, "pure-ASCII plots (default when the locale is not UTF-8)" }, \
    { "seed", 1, OPT_SEED, "N", "seed of the first trajectory (default 1)" },             \
    { "pause", 0, OPT_PAUSE, NULL, "start with the trajectory paused at its first frame" }, \
    { "dephase", 0, OPT_DEPHASE, NULL, "apply the dephasing D after each collision (Eq. 3)" }, \
    { "overlay", 1, OPT_OVERLAY, "WHICH",                                                 \
      "theory overlays in the Gamma panel: first (default), rough, both, none" },        \
    { "plane", 1, OPT_PLANE, "PLANE",                                                     \
      "heat-map plane: gamma-delta, dx-delta (default), dx-gamma" },                     \
    { "units", 0, OPT_UNITS, NULL, "show the physical-units panel (key u)" },             \
    { "ensemble", 1, OPT_ENSEMBLE, "K",                                                   \
      "run K trajectories together, 1 (default) to 4096 (key E)" },                       \
    { "theme", 1, OPT_THEME, "light|dark", "light: high-contrast projector theme" }, \
    { "focus", 1, OPT_FOCUS, "FIG", "fig1, fig2, fig3: that figure alone (key f); all" }, \
    { "lecture", 1, OPT_LECTURE, "NAME|FILE", "a lecture's scenes (e.g. paper); ] [ step" }

static const cli_opt tui_cli_opts[] = {
    SCREEN_OPTS,
    { "no-color", 0, OPT_NO_COLOR, NULL, "no colour (also when NO_COLOR is set)" },
    { "no-mouse", 0, OPT_NO_MOUSE, NULL, "leave the mouse to the terminal (to copy text)" },
    { "keys", 0, OPT_KEYS, NULL, "print the key bindings (the help overlay's text) and exit" },
    { "export-dir", 1, OPT_EXPORT_DIR, "DIR", "where e writes its CSV files (default: here)" },
    { "verbose", 0, OPT_VERBOSE, NULL, "the solver's timings in the status line (key i)" },
    { NULL, 0, 0, NULL, NULL },
};

static const cli_opt snap_opts[] = {
    SCREEN_OPTS,
    { "width", 1, OPT_WIDTH, "W", "frame width in columns (default 80)" },
    { "height", 1, OPT_HEIGHT, "H", "frame height in rows (default 24)" },
    { "color", 0, OPT_COLOR, NULL, "the colours too, as ANSI escapes (256 colours)" },
    { "collisions", 1, OPT_COLLISIONS, "N",
      "run N collisions and half the way to the next first (default 0)" },
    { "scene", 1, OPT_SCENE, "K", "with --lecture: print scene K (default 1)" },
    { NULL, 0, 0, NULL, NULL },
};

static int overlay_opt(screen_args *a, const char *arg)
{
    int first = strcmp(arg, "first") == 0, rough = strcmp(arg, "rough") == 0;
    int both = strcmp(arg, "both") == 0, none = strcmp(arg, "none") == 0;
    if (!(first || rough || both || none))
        return cli_error("invalid --overlay \"%s\": valid are first, rough, both, none", arg);
    a->s.show_first = first || both;
    a->s.show_rough = rough || both;
    return CLI_OK;
}

static int screen_opt(void *ctx, int id, const char *arg)
{
    screen_args *a = ctx;
    switch (id) {
    case OPT_ASCII: a->s.ascii = 1; return CLI_OK;
    case OPT_NO_COLOR: a->want_color = 0; return CLI_OK;
    case OPT_COLOR: a->s.color = 1; return CLI_OK;
    case OPT_NO_MOUSE: a->mouse = 0; return CLI_OK;
    case OPT_KEYS: a->keys = 1; return CLI_OK;
    case OPT_EXPORT_DIR: {
        struct stat st;
        if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode))
            return cli_error("invalid --export-dir \"%s\": not a directory", arg);
        a->export_dir = arg;
        return CLI_OK;
    }
    case OPT_PAUSE: a->s.paused = 1; return CLI_OK;
    case OPT_VERBOSE: a->verbose = 1; return CLI_OK;
    case OPT_LECTURE: a->lecture = arg; return CLI_OK;
    case OPT_SCENE: return cli_parse_ulong("scene", arg, 1, CR_LECTURE_MAX, &a->scene);
    case OPT_FOCUS:
        a->s.focus = cr_focus_parse(arg);
        if (a->s.focus < 0)
            return cli_error("invalid --focus \"%s\": valid are fig1, fig2, fig3, all", arg);
        return CLI_OK;
    case OPT_DEPHASE: a->s.dephase = 1; return CLI_OK;
    case OPT_UNITS: a->s.show_units = 1; return CLI_OK;
    case OPT_OVERLAY: return overlay_opt(a, arg);
    case OPT_SEED: return cli_parse_ulong("seed", arg, 0, 4294967295ul, &a->s.seed);
    case OPT_ENSEMBLE: {
        unsigned long k;
        if (cli_parse_ulong("ensemble", arg, 1, CR_MECH_K_MAX, &k) != CLI_OK)
            return CLI_USAGE;
        a->s.ensemble = (int)k;
        return CLI_OK;
    }
    case OPT_WIDTH: return cli_parse_ulong("width", arg, 1, 1000, &a->width);
    case OPT_HEIGHT: return cli_parse_ulong("height", arg, 1, 500, &a->height);
    case OPT_COLLISIONS: return cli_parse_ulong("collisions", arg, 0, 100000, &a->collisions);
    case OPT_THEME:
        if (strcmp(arg, "light") != 0 && strcmp(arg, "dark") != 0)
            return cli_error("invalid --theme \"%s\": valid are light, dark", arg);
        a->s.light = strcmp(arg, "light") == 0;
        return CLI_OK;
    case OPT_PLANE:
        a->s.plane = cr_plane_find(arg);
        if (a->s.plane < 0)
            return cli_error("invalid --plane \"%s\": valid are gamma-delta, dx-delta, dx-gamma",
                             arg);
        return CLI_OK;
    default: return cli_error("unexpected option");
    }
}

/* A --preset's screen settings (view/preset.h), applied before the flags
 * so that --plane, --overlay, … given on the command line win.  A preset
 * that cannot be found or read is left to cli_parse to report. */
static int screen_preset(int argc, char **argv, cr_session_opts *o)
{
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--preset") == 0 && i + 1 < argc)
            name = argv[++i];
        else if (strncmp(argv[i], "--preset=", 9) == 0)
            name = argv[i] + 9;
    }
    char *path = name != NULL ? cli_find_preset(name) : NULL;
    if (path == NULL)
        return CLI_OK;
    char err[512];
    cr_preset_view pv = { 0 };
    int st = cr_preset_view_load(path, &pv, err, sizeof err);
    free(path);
    if (st != CR_OK)
        return cli_error("%s", err);
    cr_session_opts_preset(o, &pv);
    return CLI_OK;
}

/* Parse the screen options of either command.  Returns CLI_OK, -1 after
 * --help, or an exit status. */
static int screen_parse(int argc, char **argv, const char *usage, const cli_opt *opts,
                        screen_args *a, cli_common *common)
{
    memset(a, 0, sizeof *a);
    cr_session_opts_default(&a->s);
    a->want_color = getenv("NO_COLOR") == NULL || getenv("NO_COLOR")[0] == '\0';
    a->mouse = 1;
    a->width = 80;
    a->height = 24;
    int st = screen_preset(argc, argv, &a->s);
    if (st == CLI_OK)
        st = cli_parse_tui(argc, argv, usage, opts, screen_opt, a, common);
    if (st != CLI_OK)
        return st;
    a->s.params = common->params;
    a->s.find_preset = cli_find_preset;
    /* Never refuse to start for lack of UTF-8: fall back to ASCII. */
    if (!cr_canvas_locale_utf8())
        a->s.ascii = 1;
    return CLI_OK;
}

/* --lecture: find and read the file; --scene needs it and must be one of
 * its scenes.  *out NULL without --lecture.  Returns CLI_OK or an exit
 * status. */
static int screen_lecture(const screen_args *a, cr_lecture **out)
{
    *out = NULL;
    if (a->lecture == NULL) {
        if (a->scene > 0)
            return cli_error("--scene %lu needs --lecture NAME|FILE", a->scene);
        return CLI_OK;
    }
    char *path = cli_find_lecture(a->lecture);
    if (path == NULL)
        return cli_error("invalid --lecture \"%s\": no such file, and no %s.lecture in "
                         "$COLRES_LECTURE_DIR or the installed lectures (shipped: paper)",
                         a->lecture, a->lecture);
    char err[512];
    int st = cr_lecture_load(path, out, err, sizeof err);
    free(path);
    if (st != CR_OK)
        return cli_error("%s", err);
    if (a->scene > (unsigned long)(*out)->n) {
        int n = (*out)->n;
        free(*out);
        *out = NULL;
        return cli_error("invalid --scene %lu: the lecture has scenes 1 to %d", a->scene, n);
    }
    return CLI_OK;
}

int cmd_tui(int argc, char **argv)
{
    screen_args a;
    cli_common common;
    int st = screen_parse(argc, argv, "usage: colres [tui] [options]\n\n"
                          "The interactive terminal UI (press ? inside for the keys).",
                          tui_cli_opts, &a, &common);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (a.keys)
        return tui_print_keys(stdout) == 0 ? CLI_OK : cli_stdout_check("the keys");
    cr_lecture *lec;
    if ((st = screen_lecture(&a, &lec)) != CLI_OK)
        return st;
    tui_opts o = { a.s, a.want_color, a.mouse, common.config_path, a.export_dir, lec,
                   a.verbose };
    char err[512] = "";
    int rc = tui_run(&o, err, sizeof err);
    free(lec);
    if (rc < 0)
        return cli_error("%s", err), CLI_FAIL;
    return rc;
}

int cmd_snapshot(int argc, char **argv)
{
    static const char usage[] =
        "Usage: colres snapshot [--width W] [--height H] [SCREEN OPTIONS] [PARAMETERS]\n"
        "Print one frame of the terminal UI as text (no terminal needed): what\n"
        "`colres --pause` shows in a terminal of that size once it has computed\n"
        "everything.";
    screen_args a;
    cli_common common;
    char err[512];
    int st = screen_parse(argc, argv, usage, snap_opts, &a, &common);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    cr_lecture *lec;
    if ((st = screen_lecture(&a, &lec)) != CLI_OK)
        return st;
    cli_warn(&common);
    a.s.paused = 1; /* a still frame: the first one */
    cr_canvas *canvas = cr_canvas_new((int)a.width, (int)a.height, a.s.ascii);
    cr_session *s = canvas != NULL ? cr_session_new(&a.s, err, sizeof err) : NULL;
    if (s == NULL) {
        cr_canvas_free(canvas);
        free(lec);
        return cli_error("snapshot: %s", canvas != NULL ? err : "out of memory"), CLI_FAIL;
    }
    cr_session_resize(s, (int)a.width, (int)a.height);
    if (lec != NULL)
        cr_session_scene(s, lec, a.scene > 0 ? (int)a.scene - 1 : 0);
    free(lec);
    cr_session_wait_idle(s, -1);
    if (a.collisions > 0) {
        cr_session_run_collisions(s, a.collisions, 0.5);
        cr_session_wait_idle(s, -1);
    }
    const cr_view *v = cr_session_view(s);
    if (v->error[0] != '\0') {
        cli_error("snapshot: %s", v->error);
        st = CLI_FAIL;
    } else {
        cr_frame_render(v, canvas);
        int wst = a.s.color ? cr_palette_write_sgr(canvas, stdout, a.s.ascii, a.s.light)
                            : cr_canvas_write(canvas, stdout, a.s.ascii);
        if (wst == CR_OK && fflush(stdout) == 0 && !ferror(stdout))
            st = CLI_OK;
        else
            st = (cli_error("snapshot: cannot write the frame: %s", strerror(errno)), CLI_FAIL);
    }
    cr_session_free(s);
    cr_canvas_free(canvas);
    return st;
}
