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
#include <time.h>
#include <unistd.h>

#include "colres/cancel.h"
#include "colres/status.h"

volatile sig_atomic_t cli_interrupted;
volatile sig_atomic_t cli_stop_work;

/* Shorten, in place, every run longer than LONG_RUN bytes of a message --
 * a quoted "..." or a word without spaces, which is what an argument
 * echoed in it looks like -- to its first and last bytes around "...",
 * cut at UTF-8 character boundaries. */
enum { LONG_RUN = 160, KEEP_HEAD = 100, KEEP_TAIL = 40 };
static void shorten_runs(char *m)
{
    for (char *p = m; *p != '\0';) {
        char *end;
        int quoted = *p == '"' && (end = strchr(p + 1, '"')) != NULL;
        if (quoted)
            p++; /* the quoted text, spaces and all */
        else
            end = p + strcspn(p + 1, " \t\n\"") + 1;
        size_t len = (size_t)(end - p);
        if (len > LONG_RUN) {
            char *head = p + KEEP_HEAD, *tail = end - KEEP_TAIL;
            while (head > p && ((unsigned char)*head & 0xC0) == 0x80)
                head--;
            while (tail < end && ((unsigned char)*tail & 0xC0) == 0x80)
                tail++;
            memcpy(head, "...", 3);
            memmove(head + 3, tail, strlen(tail) + 1);
            end = head + 3 + (end - tail);
        }
        p = *end != '\0' && (quoted || *end != '"') ? end + 1 : end;
    }
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    char small[1024];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *m = n >= (int)sizeof small ? malloc((size_t)n + 1) : small;
    if (m == NULL) {
        m = small; /* out of memory: the message cut at 1 kB */
    } else if (m != small) {
        va_start(ap, fmt);
        vsnprintf(m, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    shorten_runs(m);
    fprintf(stderr, "colres: %s\n", m);
    if (m != small)
        free(m);
    return CLI_USAGE;
}

int cli_param_lookup(const char *name)
{
    int id = cr_param_lookup(name);
    char flag[32];
    if (id >= 0 || strlen(name) >= sizeof flag)
        return id;
    snprintf(flag, sizeof flag, "%s", name);
    for (char *c = flag; *c != '\0'; c++)
        if (*c == '-')
            *c = '_'; /* the flag's spelling: rough-s */
    return cr_param_lookup(flag);
}

int cli_quiet_epipe(int err)
{
    struct sigaction sa;
    return err == EPIPE && sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN;
}

int cli_stdout_check(const char *what)
{
    int earlier = ferror(stdout) ? errno : 0; /* a caller's fflush failed */
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return CLI_OK;
    int e = errno != 0 ? errno : earlier != 0 ? earlier : EIO;
    clearerr(stdout);
    if (cli_quiet_epipe(e))
        return CLI_PIPE; /* the reader left: quiet, as SIGPIPE would be */
    fprintf(stderr, "colres: cannot write %s: %s\n", what, strerror(e));
    return CLI_FAIL;
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
    /* Workers read the flag with __atomic_load_n (sweep.c); a plain store
     * here is a data race (TSan).  A lock-free atomic store is
     * async-signal-safe. */
    __atomic_store_n(&cli_interrupted, sig, __ATOMIC_RELAXED);
    __atomic_store_n(&cli_stop_work, 1, __ATOMIC_RELAXED);
}

void cli_install_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a write blocked on a full pipe returns EINTR. */
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* Inherited as ignored (nohup, `trap '' HUP`): stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    /* Every scattering map the main thread computes stops at the next
     * panel (the sweeps' workers bind their opts->cancel, also this flag). */
    cr_cancel_bind(&cli_stop_work);
}

int cli_signal(void)
{
    return __atomic_load_n(&cli_interrupted, __ATOMIC_RELAXED);
}

int cli_signal_status(void)
{
    return 128 + cli_signal();
}

int cli_interrupted_exit(const char *what, const char *detail)
{
    int sig = cli_signal();
    const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM"
                     : sig == SIGHUP ? "SIGHUP" : "a signal";
    fprintf(stderr, "colres: %s interrupted by %s%s%s\n", what, name,
            detail != NULL ? "; " : "", detail != NULL ? detail : "");
    return 128 + sig;
}

/* Whether stat(path) failed because nothing is there (or a directory on
 * the way is missing), rather than for a reason (EACCES, ELOOP, ...) that
 * hides a file that may be there. */
static int absent(const char *path)
{
    struct stat st;
    return stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* What parse_common parses: a command's own options only, or the
 * parameters too, for a batch command or the TUI (which reads the XDG
 * config file by default). */
enum { PARSE_OPTIONS = 0, PARSE_BATCH = 1, PARSE_TUI = 2 };

/* Options shared by every command; ids below 0 never reach handlers. */
enum {
    OPT_PARAM_BASE = 1000,   /* + cr_param_id */
    OPT_AMPLITUDES = 2000,
    OPT_LEVELS, OPT_COUPLING, OPT_PRESET, OPT_CONFIG, OPT_THREADS, OPT_HELP, OPT_QUIET,
    OPT_NO_CONFIG, OPT_META,
};

/* The presets shipped in assets/presets, for help and error messages. */
static const char preset_names[] =
    "fig1, fig2, fig3-gamma-delta, fig3-dx-delta, fig3-dx-gamma, qutrit-ladder, qubit-sigmax";

/* "rough_s" -> "rough-s": a parameter's name as a flag. */
static void flag_name(char *out, size_t cap, const char *param)
{
    snprintf(out, cap, "%s", param);
    for (char *c = out; *c; c++)
        if (*c == '_')
            *c = '-';
}

static void print_usage(const char *usage, const cli_opt *extra, int with_params)
{
    printf("%s\n", usage);
    if (extra != NULL && extra[0].name != NULL) {
        printf("\nCommand options:\n");
        for (const cli_opt *o = extra; o->name != NULL; o++) {
            char left[64];
            snprintf(left, sizeof left, "%s%s%s%s", o->id == CLI_ARGS ? "" : "--", o->name,
                     o->has_arg ? " " : "",
                     o->has_arg ? o->arg_name : "");
            printf("  %-26s %s\n", left, o->help);
        }
    }
    if (!with_params) {
        printf("  %-26s %s\n", "--quiet", "no warnings on stderr");
        printf("  %-26s %s\n", "--help", "show this help");
        return;
    }
    printf("\nParameters (defaults: the paper's):\n");
    const cr_param_info *t = cr_param_table();
    for (int i = 0; i < CR_P_COUNT; i++) {
        char left[64], name[32];
        flag_name(name, sizeof name, t[i].name);
        snprintf(left, sizeof left, "--%s X", name);
        printf("  %-26s %s (default %g; %s)\n", left, t[i].meaning, t[i].def, t[i].range);
    }
    printf("  %-26s %s\n", "--amplitudes approx|exact", "scattering amplitudes (default approx, the paper's Eq. S1)");
    printf("  %-26s %s\n", "--levels E0,E1,...",
           "energies of H_S, ascending, 2 to 8 levels (default -delta/2,+delta/2);"
           " sets delta = E1 - E0, a later --delta rescales");
    printf("  %-26s %s\n", "--coupling ROWS",
           "coupling C (V = lambda C) in the eigenbasis of H_S, rows ';', entries a, a+bi"
           " (default sigma_x+sigma_y; a ladder <j|C|j+1> = 1+i for N > 2)");
    printf("  %-26s %s%s\n", "--preset NAME|FILE", "load a preset: ", preset_names);
    if (with_params == PARSE_TUI)
        printf("  %-26s %s\n", "--config FILE", "load name = value settings (default $XDG_CONFIG_HOME/colres/colres.conf)");
    else
        printf("  %-26s %s\n", "--config FILE", "load name = value settings (default: $COLRES_CONFIG, else none)");
    printf("  %-26s %s\n", "--no-config", "read no config file, not even $COLRES_CONFIG");
    if (with_params == PARSE_BATCH)
        printf("  %-26s %s\n", "--meta", "'#' lines before the CSV header: version, command, every parameter");
    printf("  %-26s %s\n", "--threads N", "worker threads for sweeps and heat maps (default: one per CPU)");
    printf("  %-26s %s\n", "--quiet", "do not print warnings about questionable parameters");
    printf("  %-26s %s\n", "--help", "show this help");
}

/* The getopt_long table of one command: its own options, and the shared
 * ones (all of them, or only --quiet and --help). */
enum { MAX_OPTS = 64 };
typedef struct optset {
    struct option longopts[MAX_OPTS];
    char names[CR_P_COUNT][24];
    int positional;   /* the command takes arguments (CLI_ARGS) */
} optset;

static void optset_build(optset *s, const cli_opt *extra, int with_params)
{
    int n = 0;
    if (with_params) {
        const cr_param_info *t = cr_param_table();
        for (int i = 0; i < CR_P_COUNT; i++) {
            flag_name(s->names[i], sizeof s->names[i], t[i].name);
            s->longopts[n++] = (struct option){ s->names[i], required_argument, NULL,
                                                OPT_PARAM_BASE + i };
        }
        s->longopts[n++] = (struct option){ "amplitudes", required_argument, NULL, OPT_AMPLITUDES };
        s->longopts[n++] = (struct option){ "levels", required_argument, NULL, OPT_LEVELS };
        s->longopts[n++] = (struct option){ "coupling", required_argument, NULL, OPT_COUPLING };
        s->longopts[n++] = (struct option){ "preset", required_argument, NULL, OPT_PRESET };
        s->longopts[n++] = (struct option){ "config", required_argument, NULL, OPT_CONFIG };
        s->longopts[n++] = (struct option){ "no-config", no_argument, NULL, OPT_NO_CONFIG };
        if (with_params == PARSE_BATCH)
            s->longopts[n++] = (struct option){ "meta", no_argument, NULL, OPT_META };
        s->longopts[n++] = (struct option){ "threads", required_argument, NULL, OPT_THREADS };
    }
    s->longopts[n++] = (struct option){ "quiet", no_argument, NULL, OPT_QUIET };
    s->longopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
    s->positional = 0;
    for (const cli_opt *o = extra; o != NULL && o->name != NULL && n < MAX_OPTS - 1; o++)
        if (o->id == CLI_ARGS)
            s->positional = 1;
        else
            s->longopts[n++] = (struct option){ o->name, o->has_arg ? required_argument : no_argument,
                                            NULL, o->id };
    s->longopts[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The message for getopt's '?': argv[optind - 1] is the word at fault.
 * "--name=value" on an option that takes no value is told apart from an
 * unknown option; optopt is printed only when it is a short option. */
static int bad_option(char **argv, const optset *s)
{
    const char *cmd = argv[0];
    const char *word = argv[optind - 1];
    if (strncmp(word, "--", 2) == 0) {
        const char *eq = strchr(word, '=');
        size_t len = eq != NULL ? (size_t)(eq - word - 2) : strlen(word + 2);
        for (const struct option *o = s->longopts; eq != NULL && o->name != NULL; o++)
            if (o->has_arg == no_argument && strlen(o->name) >= len && len > 0 &&
                strncmp(o->name, word + 2, len) == 0)
                return cli_error("%s: option --%s takes no value (got \"%s\"; see colres %s --help)",
                                 cmd, o->name, word, cmd);
        return cli_error("%s: unknown option %.*s (see colres %s --help)", cmd,
                         (int)(len + 2), word, cmd);
    }
    if (optopt > ' ' && optopt < 127)
        return cli_error("%s: unknown option -%c (see colres %s --help)", cmd, optopt, cmd);
    return cli_error("%s: unknown option %s (see colres %s --help)", cmd, word, cmd);
}

/* Called for every option getopt recognises; returns CLI_OK to go on. */
typedef int (*walk_fn)(void *ctx, int id, const char *arg);

/* Walk argv once, in order.  Strict: unknown options, missing values and
 * positional arguments are usage errors.  Lenient (the early pass): they
 * are skipped, to be reported by the strict pass. */
static int walk_options(int argc, char **argv, const optset *s, int strict,
                        walk_fn fn, void *ctx)
{
    opterr = 0;
    optind = 0; /* GNU: full re-initialisation; argv[0] is the command */
    int c;
    while ((c = getopt_long(argc, argv, ":h", s->longopts, NULL)) != -1) {
        if (c == 'h')
            c = OPT_HELP; /* -h, as for colres -h */
        if (c == '?' || c == ':') {
            if (!strict)
                continue;
            if (c == ':')
                return cli_error("%s: option %s needs a value", argv[0], argv[optind - 1]);
            return bad_option(argv, s);
        }
        int st = fn(ctx, c, optarg);
        if (st != CLI_OK)
            return st;
    }
    for (; strict && s->positional && optind < argc; optind++) {
        int st = fn(ctx, CLI_ARGS, argv[optind]);
        if (st != CLI_OK)
            return st;
    }
    if (strict && optind < argc)
        return cli_error("%s: unexpected argument \"%s\" (see colres %s --help)",
                         argv[0], argv[optind], argv[0]);
    return CLI_OK;
}

/* ---- pass 1: --help, --config and --preset ---- */

typedef struct early {
    const char *config, *preset;
    int help, no_config;
} early;

static int note_early(void *ctx, int id, const char *arg)
{
    early *e = ctx;
    if (id == OPT_HELP)
        e->help = 1;
    else if (id == OPT_CONFIG)
        e->config = arg;
    else if (id == OPT_PRESET)
        e->preset = arg;
    else if (id == OPT_NO_CONFIG)
        e->no_config = 1;
    return CLI_OK;
}

static int load_config(cr_params *p, const char *path, int must_exist)
{
    char err[PATH_MAX + 512]; /* the path whole, then why */
    if (!must_exist && absent(path))
        return CLI_OK;
    int st = cr_params_load_file(p, path, err, sizeof err);
    if (st != CR_OK)
        return cli_error("%s", err);
    return CLI_OK;
}

/* The config file.  Its path (--config, else $COLRES_CONFIG, else the XDG
 * default) is kept for the TUI's save key; what is read: a named file
 * (which must exist), the XDG default only for the TUI (if it exists),
 * nothing with --no-config or --config /dev/null.  A batch command says
 * on stderr which file it read. */
static int apply_config(const early *e, cli_common *out, int mode)
{
    const char *config = e->config;
    const char *env_config = getenv("COLRES_CONFIG");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *cfg = out->config_path;
    size_t cap = sizeof out->config_path;
    int named = 1, len = 0;
    const char *source = "--config";
    if (config != NULL && *config == '\0')
        return cli_error("invalid --config = \"\": a file name is required");
    if (config != NULL)
        len = snprintf(cfg, cap, "%s", config);
    else if (env_config != NULL && *env_config != '\0') {
        len = snprintf(cfg, cap, "%s", env_config);
        source = "$COLRES_CONFIG";
    } else {
        named = 0;
        if (xdg != NULL && *xdg == '/')
            len = snprintf(cfg, cap, "%s/colres/colres.conf", xdg);
        else if (home != NULL && *home != '\0')
            len = snprintf(cfg, cap, "%s/.config/colres/colres.conf", home);
    }
    if (len < 0 || (size_t)len >= cap)
        return cli_error("config file name too long (%d bytes, at most %zu)", len, cap - 1);
    if (e->no_config || cfg[0] == '\0' || strcmp(cfg, "/dev/null") == 0)
        return CLI_OK;
    if (!named && mode != PARSE_TUI)
        return CLI_OK;
    /* the TUI's own file may be missing */
    if (load_config(&out->params, cfg, named) != CLI_OK)
        return CLI_USAGE;
    if (!named)
        return CLI_OK;
    snprintf(out->config_read, sizeof out->config_read, "%s", cfg);
    if (mode == PARSE_BATCH)
        fprintf(stderr, "colres: parameters read from %s (named by %s)\n", cfg, source);
    return CLI_OK;
}

static int apply_preset(const char *preset, cli_common *out)
{
    char *path = cli_find_preset(preset);
    if (path == NULL)
        return cli_error("unknown preset \"%s\" (known: %s, or a path to a .conf file)",
                         preset, preset_names);
    int st = load_config(&out->params, path, 1);
    free(path);
    return st;
}

/* ---- pass 2: everything else, in command-line order ---- */

typedef struct flags_ctx {
    cli_common *out;
    cli_opt_fn handler;
    void *ctx;
} flags_ctx;

static int apply_flag(void *ctx, int id, const char *arg)
{
    flags_ctx *f = ctx;
    char err[512];
    if (id >= OPT_PARAM_BASE && id < OPT_PARAM_BASE + CR_P_COUNT) {
        if (cr_params_set(&f->out->params, cr_param_table()[id - OPT_PARAM_BASE].name, arg,
                          err, sizeof err) != CR_OK)
            return cli_error("%s", err);
    } else if (id == OPT_AMPLITUDES || id == OPT_LEVELS || id == OPT_COUPLING) {
        const char *name = id == OPT_AMPLITUDES ? "amplitudes"
                         : id == OPT_LEVELS ? "levels" : "coupling";
        if (cr_params_set(&f->out->params, name, arg, err, sizeof err) != CR_OK)
            return cli_error("%s", err);
    } else if (id == OPT_THREADS) {
        unsigned long v;
        if (cli_parse_ulong("threads", arg, 1, 256, &v) != CLI_OK)
            return CLI_USAGE;
        f->out->threads = (int)v;
    } else if (id == OPT_QUIET) {
        f->out->quiet = 1;
    } else if (id == OPT_META) {
        f->out->meta = 1;
    } else if (id == OPT_CONFIG || id == OPT_PRESET || id == OPT_HELP || id == OPT_NO_CONFIG) {
        return CLI_OK;
    } else if (f->handler != NULL) {
        return f->handler(f->ctx, id, arg);
    } else {
        return cli_error("unexpected option");
    }
    return CLI_OK;
}

/* "colres CMD ARGS..." with each argument quoted for a POSIX shell where
 * it needs it; cut with "..." past the buffer. */
static void command_line(int argc, char **argv, char *buf, size_t cap)
{
    size_t at = (size_t)snprintf(buf, cap, "colres");
    for (int i = 0; i < argc && at < cap; i++) {
        const char *a = argv[i];
        int plain = *a != '\0' && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789_./:=,+-@%") == strlen(a);
        at += (size_t)snprintf(buf + at, cap - at, plain ? " %s" : " '", a);
        for (const char *c = a; !plain && *c != '\0' && at < cap; c++)
            at += (size_t)snprintf(buf + at, cap - at, *c == '\'' ? "'\\''" : "%c", *c);
        if (!plain && at < cap)
            at += (size_t)snprintf(buf + at, cap - at, "'");
    }
    if (at >= cap && cap > 4)
        memcpy(buf + cap - 4, "...", 4);
}

static int parse_common(int argc, char **argv, const char *usage, const cli_opt *extra,
                        cli_opt_fn handler, void *ctx, cli_common *out, int with_params)
{
    optset s;
    optset_build(&s, extra, with_params);
    memset(out, 0, sizeof *out);
    cr_params_default(&out->params);

    command_line(argc, argv, out->command, sizeof out->command);
    early e = { NULL, NULL, 0, 0 };
    walk_options(argc, argv, &s, 0, note_early, &e);
    if (e.help) {
        print_usage(usage, extra, with_params);
        return -1;
    }
    if (with_params && apply_config(&e, out, with_params) != CLI_OK)
        return CLI_USAGE;
    if (with_params && e.preset != NULL && apply_preset(e.preset, out) != CLI_OK)
        return CLI_USAGE;

    flags_ctx f = { out, handler, ctx };
    int st = walk_options(argc, argv, &s, 1, apply_flag, &f);
    if (st != CLI_OK)
        return st;
    char err[512];
    if (with_params && cr_params_validate(&out->params, err, sizeof err) != CR_OK)
        return cli_error("%s", err);
    return CLI_OK;
}

int cli_parse(int argc, char **argv, const char *usage, const cli_opt *extra,
              cli_opt_fn handler, void *ctx, cli_common *out)
{
    return parse_common(argc, argv, usage, extra, handler, ctx, out, PARSE_BATCH);
}

int cli_parse_tui(int argc, char **argv, const char *usage, const cli_opt *extra,
                  cli_opt_fn handler, void *ctx, cli_common *out)
{
    return parse_common(argc, argv, usage, extra, handler, ctx, out, PARSE_TUI);
}

int cli_parse_options(int argc, char **argv, const char *usage, const cli_opt *extra,
                      cli_opt_fn handler, void *ctx, int *quiet)
{
    cli_common c;
    int st = parse_common(argc, argv, usage, extra, handler, ctx, &c, 0);
    *quiet = c.quiet;
    return st;
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
