/* figure.c — `colres figure fig1|fig2|fig3|figS2`: the paper's figures as a
 * self-contained gnuplot script on stdout, or, with --output FILE.svg|.pdf|
 * .png, rendered by gnuplot into FILE (a temporary file in FILE's
 * directory, then rename: never a partial FILE).  figure_plot.c writes the
 * script. */
#include "config.h"

#include "figure.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "colres/params.h"
#include "view/screen.h"

static const char *const fig_names[FIG_COUNT] = { "fig1", "fig2", "fig3", "figS2" };
static const char *const panel_names[3] = { "left", "middle", "right" };

enum { OPT_OUTPUT = 1, OPT_PANEL, OPT_SEED, OPT_COLLISIONS, OPT_POINTS, OPT_SIZE, OPT_DEPHASE };

typedef struct fig_cmd {
    fig_args a;
    unsigned given; /* bit 1u << OPT_*: options on the command line */
} fig_cmd;

static int fig_opt(void *ctx, int id, const char *arg)
{
    fig_cmd *f = ctx;
    fig_args *a = &f->a;
    f->given |= 1u << id;
    switch (id) {
    case OPT_OUTPUT: {
        size_t n = strlen(arg);
        const char *ext = n >= 4 ? arg + n - 4 : "";
        if (strcasecmp(ext, ".svg") != 0 && strcasecmp(ext, ".pdf") != 0 &&
            strcasecmp(ext, ".png") != 0)
            return cli_error("invalid --output = \"%s\": the name must end in .svg, .pdf or .png",
                             arg);
        a->output = arg;
        return CLI_OK;
    }
    case OPT_PANEL:
        for (int k = 0; k < 3; k++)
            if (strcmp(arg, panel_names[k]) == 0) {
                a->panel = k;
                return CLI_OK;
            }
        return cli_error("invalid --panel = \"%s\": valid names are left, middle, right", arg);
    case OPT_SEED:
        return cli_parse_ulong("seed", arg, 0, 0xffffffffUL, &a->seed);
    case OPT_COLLISIONS:
        return cli_parse_ulong("collisions", arg, 1, 100000, &a->collisions);
    case OPT_POINTS:
        return cli_parse_ulong("points", arg, 2, 100000, &a->points);
    case OPT_SIZE:
        return cli_parse_size("size", arg, 2, 2000, &a->nx, &a->ny);
    case OPT_DEPHASE:
        a->dephase = 1;
        return CLI_OK;
    default:
        return cli_error("figure: unexpected option");
    }
}

/* The parameters named on the command line (--NAME or --NAME=V). */
static unsigned explicit_params(int argc, char **argv)
{
    const cr_param_info *t = cr_param_table();
    unsigned bits = 0;
    for (int i = 1; i < argc; i++)
        for (int id = 0; id < CR_P_COUNT; id++) {
            char flag[40];
            snprintf(flag, sizeof flag, "--%s", t[id].name);
            for (char *s = flag + 2; *s != '\0'; s++)
                if (*s == '_')
                    *s = '-';
            size_t n = strlen(flag);
            if (strncmp(argv[i], flag, n) == 0 && (argv[i][n] == '\0' || argv[i][n] == '='))
                bits |= 1u << id;
        }
    return bits;
}

/* Options that do not apply to the figure chosen are usage errors. */
static int check_applicable(const fig_cmd *f)
{
    static const struct { int opt; const char *name; unsigned figs; } rules[] = {
        { OPT_PANEL, "--panel", 1u << FIG_3 | 1u << FIG_S2 },
        { OPT_SIZE, "--size", 1u << FIG_3 | 1u << FIG_S2 },
        { OPT_SEED, "--seed", 1u << FIG_1 },
        { OPT_COLLISIONS, "--collisions", 1u << FIG_1 },
        { OPT_POINTS, "--points", 1u << FIG_1 | 1u << FIG_2 },
        { OPT_DEPHASE, "--dephase", 1u << FIG_1 | 1u << FIG_2 | 1u << FIG_3 },
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if ((f->given & (1u << rules[i].opt)) && !(rules[i].figs & (1u << f->a.which)))
            return cli_error("figure: %s does not apply to %s", rules[i].name,
                             fig_names[f->a.which]);
    return CLI_OK;
}

/* gnuplot on $PATH? */
static int have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/bin:/bin";
    while (*path != '\0') {
        size_t n = strcspn(path, ":");
        char file[4096];
        snprintf(file, sizeof file, "%.*s/gnuplot", (int)(n > 0 ? n : 1), n > 0 ? path : ".");
        if (access(file, X_OK) == 0)
            return 1;
        path += n + (path[n] == ':');
    }
    return 0;
}

/* The gnuplot commands that choose the terminal and the output file; the
 * name is quoted for gnuplot (a ' doubled). */
static void terminal_setup(const fig_args *a, const char *tmp, char *buf, size_t n)
{
    int w, h;
    fig_size(a, &w, &h);
    const char *ext = a->output + strlen(a->output) - 3;
    size_t len;
    if (strcasecmp(ext, "svg") == 0)
        len = (size_t)snprintf(buf, n, "set terminal svg size %d,%d dynamic enhanced "
                                       "font 'sans,14' background '#ffffff'", w, h);
    else if (strcasecmp(ext, "pdf") == 0)
        len = (size_t)snprintf(buf, n, "set terminal pdfcairo size %gin,%gin enhanced "
                                       "font 'sans,9'", w / 150.0, h / 150.0);
    else
        len = (size_t)snprintf(buf, n, "set terminal pngcairo size %d,%d enhanced "
                                       "font 'sans,11' background '#ffffff'", w, h);
    len += (size_t)snprintf(buf + len, n - len, "; set output '");
    for (const char *s = tmp; *s != '\0' && len + 3 < n; s++) {
        if (*s == '\'')
            buf[len++] = '\'';
        buf[len++] = *s;
    }
    snprintf(buf + len, n - len, "'");
}

/* Run gnuplot on the script; Ctrl-C (or any signal colres catches) stops
 * it.  Returns CLI_OK or an exit status after its message. */
static int run_gnuplot(const char *setup, const char *script)
{
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "colres: figure: cannot start gnuplot: %s\n", strerror(errno));
        return CLI_FAIL;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
        }
        execlp("gnuplot", "gnuplot", "-e", setup, script, (char *)NULL);
        fprintf(stderr, "colres: figure: cannot run gnuplot: %s\n", strerror(errno));
        _exit(127);
    }
    int status = 0, killed = 0;
    const struct timespec tick = { 0, 10000000 };
    for (int waited = 0;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        if (cli_signal() != 0 && killed == 0) {
            kill(pid, SIGTERM);
            killed = 1;
        }
        if (killed && ++waited == 300) /* 3 s after SIGTERM */
            kill(pid, SIGKILL);
        nanosleep(&tick, NULL);
    }
    if (cli_signal() != 0)
        return cli_interrupted_exit("figure", "nothing written");
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "colres: figure: gnuplot failed (%s %d); nothing written\n",
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* Whether gnuplot's output in fd is whole: gnuplot exits 0 after a write
 * error (a full disk gives a 0-byte PNG or PDF, a cut SVG), so the file's
 * last bytes must be the format's end: "</svg>", PNG's IEND chunk, PDF's
 * "%%EOF".  Then fsync, whose failure also means the file is not whole.
 * Returns 0, or -1 with why[] said. */
static int output_complete(int fd, const char *ext, char *why, size_t whylen)
{
    struct stat st;
    char tail[64];
    if (fstat(fd, &st) != 0) {
        snprintf(why, whylen, "%s", strerror(errno));
        return -1;
    }
    size_t n = st.st_size < (off_t)sizeof tail ? (size_t)st.st_size : sizeof tail;
    if (n == 0 || pread(fd, tail, n, st.st_size - (off_t)n) != (ssize_t)n) {
        snprintf(why, whylen, "gnuplot wrote %lld bytes (a full disk?)", (long long)st.st_size);
        return -1;
    }
    while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
        n--;
    static const unsigned char iend[8] = { 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };
    int whole = strcasecmp(ext, "svg") == 0 ? n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0
              : strcasecmp(ext, "png") == 0 ? n >= 8 && memcmp(tail + n - 8, iend, 8) == 0
              : n >= 5 && memcmp(tail + n - 5, "%%EOF", 5) == 0;
    if (!whole) {
        snprintf(why, whylen, "gnuplot's %lld-byte %s output is cut short (a full disk?)",
                 (long long)st.st_size, ext);
        return -1;
    }
    if (fsync(fd) != 0) {
        snprintf(why, whylen, "fsync: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* --output: the script to a temporary file, gnuplot into a temporary file
 * next to FILE, checked whole (output_complete), fsync, rename. */
static int render(const fig_args *a, const cli_common *c)
{
    const char *tmpdir = getenv("TMPDIR");
    char script[4096], tmp[4096], setup[8192];
    snprintf(script, sizeof script, "%s/colres-figure-XXXXXX",
             tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
    const char *slash = strrchr(a->output, '/');
    if (slash == NULL)
        snprintf(tmp, sizeof tmp, ".%s.XXXXXX", a->output);
    else
        snprintf(tmp, sizeof tmp, "%.*s/.%s.XXXXXX", (int)(slash - a->output), a->output,
                 slash + 1);
    int sfd = mkstemp(script);
    if (sfd < 0) {
        fprintf(stderr, "colres: figure: cannot create a temporary file in %s: %s\n",
                tmpdir != NULL ? tmpdir : "/tmp", strerror(errno));
        return CLI_FAIL;
    }
    int ofd = mkstemp(tmp);
    if (ofd < 0) {
        fprintf(stderr, "colres: figure: cannot write %s: %s\n", a->output, strerror(errno));
        close(sfd);
        unlink(script);
        return CLI_FAIL;
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(ofd, 0666 & ~mask);
    close(ofd);

    cli_out *o = malloc(sizeof *o);
    int st = o != NULL ? CLI_OK : CLI_FAIL;
    if (o != NULL) {
        cli_out_init(o);
        o->fd = sfd;
        st = fig_write_script(a, c, o);
        if (st == CLI_OK)
            st = cli_out_finish(o);
    }
    free(o);
    close(sfd);
    if (st == CLI_OK) {
        terminal_setup(a, tmp, setup, sizeof setup);
        st = run_gnuplot(setup, script);
    }
    unlink(script);
    if (st == CLI_OK) {
        char why[256];
        int fd = open(tmp, O_RDONLY);
        if (fd < 0)
            snprintf(why, sizeof why, "%s", strerror(errno));
        int bad = fd < 0 || output_complete(fd, a->output + strlen(a->output) - 3, why,
                                            sizeof why) != 0;
        if (fd >= 0)
            close(fd);
        if (cli_signal() != 0)
            st = cli_interrupted_exit("figure", "nothing written");
        else if (bad) {
            fprintf(stderr, "colres: figure: cannot write %s: %s; %s\n", a->output, why,
                    "nothing written, any old file is unchanged");
            st = CLI_FAIL;
        } else if (rename(tmp, a->output) != 0) {
            fprintf(stderr, "colres: figure: cannot write %s: %s\n", a->output, strerror(errno));
            st = CLI_FAIL;
        }
    }
    if (st != CLI_OK) {
        unlink(tmp);
        return st;
    }
    fprintf(stderr, "colres: %s written to %s\n", fig_names[a->which], a->output);
    return CLI_OK;
}

#define FIG_USAGE                                                                          \
    "Usage: colres figure fig1|fig2|fig3|figS2 [--output FILE.svg|.pdf|.png] [OPTIONS]\n"  \
    "The paper's figures: without --output, a gnuplot script with the data inline on\n"    \
    "stdout (edit it, run it with gnuplot -p); with --output, rendered by gnuplot.\n"       \
    "  fig1   rho00 against Gamma t: trajectories at Gamma = 10, 5, 1 and 10 with D,\n"    \
    "         and the mean exp(Lt) rho(0)\n"                                                \
    "  fig2   rho00, rho11 and |rho01| of the steady state against Gamma\n"                 \
    "  fig3   |rho01| over (Gamma, Delta) at dx = 1, (dx, Delta) at Gamma = 5 and\n"       \
    "         (dx, Gamma) at Delta = 1.2 (a parameter flag overrides the fixed value)\n"    \
    "  figS2  the rough estimate of |rho01| (Eq. 24) on the same three planes"

int cmd_figure(int argc, char **argv)
{
    static const cli_opt opts[] = {
        { "output", 1, OPT_OUTPUT, "FILE", "render to FILE (.svg, .pdf, .png) with gnuplot" },
        { "panel", 1, OPT_PANEL, "NAME", "fig3, figS2: one panel, left, middle or right" },
        { "seed", 1, OPT_SEED, "S", "fig1: seed of the trajectories (default 1)" },
        { "collisions", 1, OPT_COLLISIONS, "N",
          "fig1: window in Gamma t; trajectories run past it (default 150, the TUI's)" },
        { "points", 1, OPT_POINTS, "N", "fig1, fig2: points of each curve (default 200)" },
        { "size", 1, OPT_SIZE, "NXxNY", "fig3, figS2: grid of each map (default 128x128)" },
        { "dephase", 0, OPT_DEPHASE, "", "the map D.S: dephasing D after each collision" },
        { NULL, 0, 0, NULL, NULL },
    };
    fig_cmd f;
    memset(&f, 0, sizeof f);
    f.a = (fig_args){ .which = -1, .panel = -1, .seed = 1, .collisions = (unsigned long)CR_SCREEN_TRAJ_WINDOW, .points = 200,
                      .nx = 128, .ny = 128 };
    if (argc >= 2 && argv[1][0] != '-') {
        for (int k = 0; k < FIG_COUNT; k++)
            if (strcmp(argv[1], fig_names[k]) == 0)
                f.a.which = k;
        if (f.a.which < 0)
            return cli_error("figure: unknown figure \"%s\" (figures: fig1, fig2, fig3, figS2)",
                             argv[1]);
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    cli_common c;
    int st = cli_parse(argc, argv, FIG_USAGE, opts, fig_opt, &f, &c);
    if (st != CLI_OK)
        return st < 0 ? CLI_OK : st;
    if (f.a.which < 0)
        return cli_error("figure: name the figure: fig1, fig2, fig3 or figS2");
    /* the command as given: the name was taken off argv above */
    char given[sizeof c.command + 16];
    int len = snprintf(given, sizeof given, "colres figure %s%s", fig_names[f.a.which],
                       c.command + strlen("colres figure"));
    if (len > 0 && (size_t)len < sizeof c.command)
        memcpy(c.command, given, (size_t)len + 1);
    if (!cr_params_is_qubit(&c.params))
        return cli_error("figure: the paper's figures are of its qubit (two levels, coupling "
                         "sigma_x+sigma_y); for --levels or --coupling use sweep, heatmap, "
                         "trajectory and evolve");
    st = check_applicable(&f);
    if (st != CLI_OK)
        return st;
    f.a.explicit_params = explicit_params(argc, argv);
    if (f.a.output != NULL && !have_gnuplot()) {
        fprintf(stderr, "colres: figure: --output needs gnuplot, which is not on PATH "
                        "(Debian: apt-get install gnuplot-nox); without --output colres "
                        "prints the gnuplot script\n");
        return CLI_FAIL;
    }
    cli_install_signals();
    cli_warn(&c);
    if (f.a.output != NULL)
        return render(&f.a, &c);
    cli_out *o = malloc(sizeof *o);
    if (o == NULL) {
        fprintf(stderr, "colres: figure: out of memory\n");
        return CLI_FAIL;
    }
    cli_out_init(o);
    st = fig_write_script(&f.a, &c, o);
    if (st == CLI_OK)
        st = cli_out_finish(o);
    free(o);
    return st;
}
