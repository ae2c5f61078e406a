/* options.c — option parsing, errors and output helpers shared by commands. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/status.h"

volatile sig_atomic_t cli_interrupted;

int cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("colres: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_USAGE;
}

void cli_print_double(FILE *f, double v)
{
    /* The C locale is never changed for LC_NUMERIC (main only sets
     * LC_CTYPE), so %g writes a '.' decimal point. */
    fprintf(f, "%.17g", v);
}

int cli_parse_double(const char *opt, const char *arg, double *out)
{
    char *end = NULL;
    if (arg == NULL || *arg == '\0')
        return cli_error("invalid --%s = \"\": a number is required", opt);
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end != '\0')
        return cli_error("invalid --%s = \"%s\": not a number", opt, arg);
    if ((errno == ERANGE && (v > 1.0 || v < -1.0)) || v != v || v - v != 0.0)
        return cli_error("invalid --%s = \"%s\": must be a finite number", opt, arg);
    *out = v;
    return CLI_OK;
}

int cli_parse_ulong(const char *opt, const char *arg, unsigned long lo,
                    unsigned long hi, unsigned long *out)
{
    char *end = NULL;
    if (arg == NULL || *arg == '\0' || *arg == '-' || *arg == '+')
        return cli_error("invalid --%s = \"%s\": valid range is %lu..%lu", opt,
                         arg != NULL ? arg : "", lo, hi);
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (end == arg || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return cli_error("invalid --%s = \"%s\": valid range is %lu..%lu", opt, arg, lo, hi);
    *out = v;
    return CLI_OK;
}

static void on_signal(int sig)
{
    (void)sig;
    /* Workers read the flag with __atomic_load_n (sweep.c); a plain store
     * here is a data race (TSan).  A lock-free atomic store is
     * async-signal-safe. */
    __atomic_store_n(&cli_interrupted, 1, __ATOMIC_RELAXED);
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *s = malloc(n);
    if (s != NULL)
        snprintf(s, n, "%s/%s%s", dir, name, suffix);
    return s;
}

char *cli_find_preset(const char *name)
{
    if (strchr(name, '/') != NULL || (strlen(name) > 5 && strcmp(name + strlen(name) - 5, ".conf") == 0)) {
        return is_file(name) ? strdup(name) : NULL;
    }
    const char *dirs[3];
    int nd = 0;
    const char *env = getenv("COLRES_PRESET_DIR");
    if (env != NULL && *env != '\0')
        dirs[nd++] = env;
    dirs[nd++] = COLRES_DATADIR "/presets";
    dirs[nd++] = COLRES_SRCDIR "/assets/presets";
    for (int i = 0; i < nd; i++) {
        char *path = join(dirs[i], name, ".conf");
        if (path != NULL && is_file(path))
            return path;
        free(path);
    }
    return NULL;
}

/* Options shared by every command; ids below 0 never reach handlers. */
enum {
    OPT_PARAM_BASE = 1000,   /* + cr_param_id */
    OPT_AMPLITUDES = 2000,
    OPT_PRESET, OPT_CONFIG, OPT_THREADS, OPT_HELP, OPT_QUIET,
};

static void print_usage(const char *usage, const cli_opt *extra)
{
    printf("%s\n", usage);
    if (extra != NULL && extra[0].name != NULL) {
        printf("\nCommand options:\n");
        for (const cli_opt *o = extra; o->name != NULL; o++) {
            char left[64];
            snprintf(left, sizeof left, "--%s%s%s", o->name, o->has_arg ? " " : "",
                     o->has_arg ? o->arg_name : "");
            printf("  %-26s %s\n", left, o->help);
        }
    }
    printf("\nParameters (defaults: the paper's):\n");
    const cr_param_info *t = cr_param_table();
    for (int i = 0; i < CR_P_COUNT; i++) {
        char left[64];
        char name[32];
        snprintf(name, sizeof name, "%s", t[i].name);
        for (char *c = name; *c; c++)
            if (*c == '_')
                *c = '-';
        snprintf(left, sizeof left, "--%s X", name);
        printf("  %-26s %s (default %g; %s)\n", left, t[i].meaning, t[i].def, t[i].range);
    }
    printf("  %-26s %s\n", "--amplitudes approx|exact", "scattering amplitudes (default approx, the paper's Eq. S1)");
    printf("  %-26s %s\n", "--preset NAME|FILE", "load a preset: fig1, fig2, fig3-gamma-delta, fig3-dx-delta, fig3-dx-gamma");
    printf("  %-26s %s\n", "--config FILE", "load name = value settings (default $XDG_CONFIG_HOME/colres/colres.conf)");
    printf("  %-26s %s\n", "--threads N", "worker threads for sweeps and heat maps (default: one per CPU)");
    printf("  %-26s %s\n", "--quiet", "do not print warnings about questionable parameters");
    printf("  %-26s %s\n", "--help", "show this help");
}

static int load_config(cr_params *p, const char *path, int must_exist)
{
    char err[512];
    if (!must_exist && !is_file(path))
        return CLI_OK;
    int st = cr_params_load_file(p, path, err, sizeof err);
    if (st != CR_OK)
        return cli_error("%s", err);
    return CLI_OK;
}

int cli_parse(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *out)
{
    enum { MAX_OPTS = 64 };
    struct option longopts[MAX_OPTS];
    char names[CR_P_COUNT][24];
    int n = 0;
    const cr_param_info *t = cr_param_table();
    for (int i = 0; i < CR_P_COUNT; i++) {
        snprintf(names[i], sizeof names[i], "%s", t[i].name);
        for (char *c = names[i]; *c; c++)
            if (*c == '_')
                *c = '-';
        longopts[n++] = (struct option){ names[i], required_argument, NULL, OPT_PARAM_BASE + i };
    }
    longopts[n++] = (struct option){ "amplitudes", required_argument, NULL, OPT_AMPLITUDES };
    longopts[n++] = (struct option){ "preset", required_argument, NULL, OPT_PRESET };
    longopts[n++] = (struct option){ "config", required_argument, NULL, OPT_CONFIG };
    longopts[n++] = (struct option){ "threads", required_argument, NULL, OPT_THREADS };
    longopts[n++] = (struct option){ "quiet", no_argument, NULL, OPT_QUIET };
    longopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
    for (const cli_opt *o = extra; o != NULL && o->name != NULL && n < MAX_OPTS - 1; o++)
        longopts[n++] = (struct option){ o->name, o->has_arg ? required_argument : no_argument,
                                         NULL, o->id };
    longopts[n] = (struct option){ NULL, 0, NULL, 0 };

    memset(out, 0, sizeof *out);
    cr_params_default(&out->params);

    /* Pass 1: find --help, --config and --preset, which apply before the
     * individual parameter flags whatever their position. */
    const char *config = NULL, *preset = NULL;
    opterr = 0;
    optind = 0; /* GNU: full re-initialisation */
    int c;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == OPT_HELP) {
            print_usage(usage, extra);
            return -1;
        }
        if (c == OPT_CONFIG) config = optarg;
        if (c == OPT_PRESET) preset = optarg;
    }

    /* The config file: named ones must exist, the XDG default may not.
     * Its path is kept for the TUI's save key. */
    const char *env_config = getenv("COLRES_CONFIG");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *cfg = out->config_path;
    size_t cap = sizeof out->config_path;
    int must_exist = 1, len = 0;
    if (config != NULL)
        len = snprintf(cfg, cap, "%s", config);
    else if (env_config != NULL && *env_config != '\0')
        len = snprintf(cfg, cap, "%s", env_config);
    else {
        must_exist = 0;
        if (xdg != NULL && *xdg == '/')
            len = snprintf(cfg, cap, "%s/colres/colres.conf", xdg);
        else if (home != NULL && *home != '\0')
            len = snprintf(cfg, cap, "%s/.config/colres/colres.conf", home);
    }
    if (len < 0 || (size_t)len >= cap)
        return cli_error("config file name too long (%d bytes, at most %zu)", len, cap - 1);
    if ((cfg[0] != '\0' || config != NULL) && load_config(&out->params, cfg, must_exist) != CLI_OK)
        return CLI_USAGE;
    if (preset != NULL) {
        char *path = cli_find_preset(preset);
        if (path == NULL)
            return cli_error("unknown preset \"%s\" (known: fig1, fig2, fig3-gamma-delta, "
                             "fig3-dx-delta, fig3-dx-gamma, or a path to a .conf file)", preset);
        int st = load_config(&out->params, path, 1);
        free(path);
        if (st != CLI_OK)
            return st;
    }

    /* Pass 2: everything else, in command-line order. */
    optind = 0; /* GNU: full re-initialisation */
    char err[512];
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c >= OPT_PARAM_BASE && c < OPT_PARAM_BASE + CR_P_COUNT) {
            if (cr_params_set(&out->params, t[c - OPT_PARAM_BASE].name, optarg,
                              err, sizeof err) != CR_OK)
                return cli_error("%s", err);
        } else if (c == OPT_AMPLITUDES) {
            if (cr_params_set(&out->params, "amplitudes", optarg, err, sizeof err) != CR_OK)
                return cli_error("%s", err);
        } else if (c == OPT_THREADS) {
            unsigned long v;
            if (cli_parse_ulong("threads", optarg, 1, 256, &v) != CLI_OK)
                return CLI_USAGE;
            out->threads = (int)v;
        } else if (c == OPT_QUIET) {
            out->quiet = 1;
        } else if (c == OPT_CONFIG || c == OPT_PRESET || c == OPT_HELP) {
            continue;
        } else if (c == '?') {
            if (optopt != 0)
                return cli_error("%s: unknown option -%c (see colres %s --help)", argv[0], optopt, argv[0]);
            return cli_error("%s: unknown option %s (see colres %s --help)", argv[0],
                             argv[optind - 1], argv[0]);
        } else if (c == ':') {
            return cli_error("%s: option %s needs a value", argv[0], argv[optind - 1]);
        } else if (handler != NULL) {
            int st = handler(ctx, c, optarg);
            if (st != CLI_OK)
                return st;
        } else {
            return cli_error("%s: unexpected option", argv[0]);
        }
    }
    if (optind < argc)
        return cli_error("%s: unexpected argument \"%s\" (see colres %s --help)",
                         argv[0], argv[optind], argv[0]);
    if (cr_params_validate(&out->params, err, sizeof err) != CR_OK)
        return cli_error("%s", err);
    return CLI_OK;
}

void cli_warn(const cli_common *c)
{
    if (c->quiet)
        return;
    char msgs[CR_WARN_MAX][CR_WARN_LEN];
    int n = cr_params_warnings(&c->params, msgs, CR_WARN_MAX);
    for (int i = 0; i < n; i++)
        fprintf(stderr, "colres: warning: %s\n", msgs[i]);
}
