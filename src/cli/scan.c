/* scan.c — what the batch commands add around their rows: the provenance
 * lines of --meta before the header, rows whose failed numbers are
 * written as nan, and the report of a scan (sweep, heat map) on stderr:
 * the first points that failed, the failures summed up once per reason,
 * and the parameter warnings summed up over the scanned points. */
#include "config.h"

#include "cli.h"
#include "scan.h"

#include <math.h>
#include <string.h>

#include "colres/provenance.h"
#include "colres/validity.h"

int cli_out_header(cli_out *o, const cli_common *c, cli_meta m, const char *head)
{
    if (c->meta)
        cli_out_provenance(o, c, m);
    return head != NULL && o->status == CLI_OK ? cli_out_line(o, head) : o->status;
}

int cli_out_provenance(cli_out *o, const cli_common *c, cli_meta m)
{
    {
        cr_provenance pv = { c->command, c->config_read, m.seed, m.threads ? c->threads : -1,
                             m.dephase };
        char text[32768];
        int n = cr_provenance_format(&c->params, &pv, "# ", text, sizeof text);
        if (n < 0 || (size_t)n >= sizeof text) {
            fprintf(stderr, "colres: internal error: provenance text too long\n");
            return o->status = CLI_FAIL;
        }
        /* whole lines, each within the output buffer */
        for (const char *l = text; *l != '\0' && o->status == CLI_OK;) {
            char line[4096];
            size_t len = strcspn(l, "\n");
            snprintf(line, sizeof line, "%.*s\n", (int)(len < sizeof line - 2 ? len : sizeof line - 2), l);
            cli_out_line(o, line);
            l += len + (l[len] == '\n');
        }
    }
    return o->status;
}

int cli_out_row_scan(cli_out *o, const char *prefix, const double *v, int n,
                     unsigned long long optional)
{
    char line[8192];
    size_t len = (size_t)snprintf(line, sizeof line, "%s", prefix != NULL ? prefix : "");
    for (int i = 0; i < n && len < sizeof line; i++) {
        const char *sep = i > 0 ? "," : "";
        if (isfinite(v[i])) /* + 0.0: no sign on zero, as cli_out_row */
            len += (size_t)snprintf(line + len, sizeof line - len, "%s%.17g", sep, v[i] + 0.0);
        else
            len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", sep,
                                    i < 64 && (optional >> i & 1u) ? "" : "nan");
    }
    if (len + 2 > sizeof line) {
        fprintf(stderr, "colres: internal error: output line too long\n");
        return o->status = CLI_FAIL;
    }
    snprintf(line + len, sizeof line - len, "\n");
    return cli_out_line(o, line);
}

void cli_scan_init(cli_scan *s, const char *what, const char *unit)
{
    memset(s, 0, sizeof *s);
    s->what = what;
    s->unit = unit;
}

/* The reason of a message: its text up to the first ':' (a warning:
 * "Wigner function invalid: 4*pi*dx*... = 0.5 < 1"), or (a failure,
 * deep) up to the second ':' or the first digit, '(' or '=' after the
 * first (so "steady state: linear solve failed (...) at gamma = 3" and
 * "... at gamma = 4" are one reason, "steady state: not unique" another). */
static void reason_of(const char *msg, int deep, char *out, size_t cap)
{
    const char *colon = strchr(msg, ':');
    size_t n = colon == NULL ? strcspn(msg, "0123456789(=")
             : !deep ? (size_t)(colon - msg)
             : (size_t)(colon - msg) + 1 + strcspn(colon + 1, ":0123456789(=");
    while (n > 0 && strchr(" :,;", msg[n - 1]) != NULL)
        n--;
    snprintf(out, cap, "%.*s", (int)n, msg);
}

static void tally(cli_scan_tally *t, int *nt, int max, const char *msg, size_t index, int deep)
{
    char key[sizeof t->key];
    reason_of(msg, deep, key, sizeof key);
    int i = 0;
    while (i < *nt && strcmp(t[i].key, key) != 0)
        i++;
    if (i == *nt) {
        if (*nt == max)
            i = max - 1; /* the last slot collects the rest */
        else {
            (*nt)++;
            snprintf(t[i].key, sizeof t[i].key, "%s", key);
            t[i].first = index;
            snprintf(t[i].example, sizeof t[i].example, "%s", msg);
        }
    }
    t[i].count++;
    if (index < t[i].first) {
        t[i].first = index;
        snprintf(t[i].example, sizeof t[i].example, "%s", msg);
    }
}

void cli_scan_failed(cli_scan *s, size_t index, const char *msg)
{
    s->failed++;
    tally(s->reasons, &s->nreasons, CLI_SCAN_REASONS, msg, index, 1);
    /* the first few by index (workers report in any order) */
    int k = s->nfirst < CLI_SCAN_FIRST ? s->nfirst++ : CLI_SCAN_FIRST;
    if (k == CLI_SCAN_FIRST && index > s->first[CLI_SCAN_FIRST - 1])
        return;
    if (k == CLI_SCAN_FIRST)
        k--;
    for (; k > 0 && s->first[k - 1] > index; k--)
        s->first[k] = s->first[k - 1];
    s->first[k] = index;
}

void cli_scan_check(cli_scan *s, const cr_params *p, size_t index)
{
    char msgs[CR_WARN_MAX][CR_WARN_LEN];
    int n = cr_params_warnings(p, msgs, CR_WARN_MAX);
    for (int i = 0; i < n; i++)
        tally(s->warnings, &s->nwarnings, CLI_SCAN_REASONS, msgs[i], index, 0);
    s->checked++;
}

void cli_scan_validity(const cr_params *p, double v[CLI_VALIDITY_COLUMNS])
{
    v[0] = cr_validity_wigner(p);
    v[1] = cr_params_flux_below_emax(p);
    /* Γ L / sqrt(1/(β m)): the mean number of particles in the region
     * per thermal transit (the warning's test is >= 0.1). */
    v[2] = p->gamma * p->length * sqrt(p->beta * p->mass);
}

/* The example message without its reason in front. */
static const char *detail(const cli_scan_tally *t)
{
    size_t n = strlen(t->key);
    return strncmp(t->example, t->key, n) == 0 && t->example[n] == ':' && t->example[n + 1] == ' '
         ? t->example + n + 2 : t->example;
}

int cli_scan_report(const cli_scan *s, int quiet, cli_scan_name name, void *ctx)
{
    char where[512];
    for (int i = 0; !quiet && i < s->nwarnings; i++) {
        name(ctx, s->warnings[i].first, where, sizeof where);
        fprintf(stderr, "colres: warning: %s: %s at %zu of %zu %s (first at %s: %s)\n",
                s->what, s->warnings[i].key, s->warnings[i].count, s->checked, s->unit,
                where, detail(&s->warnings[i]));
    }
    if (s->failed == 0)
        return CLI_OK;
    fprintf(stderr, "colres: %s: first failed %s:", s->what, s->unit);
    for (int i = 0; i < s->nfirst; i++) {
        name(ctx, s->first[i], where, sizeof where);
        fprintf(stderr, "%s (%s)", i > 0 ? "," : "", where);
    }
    fprintf(stderr, "%s\n", s->failed > (size_t)s->nfirst ? ", ..." : "");
    for (int i = 0; i < s->nreasons; i++) {
        name(ctx, s->reasons[i].first, where, sizeof where);
        fprintf(stderr, "colres: %s: %zu of %zu %s failed (nan in the output): %s "
                "(first at %s: %s)\n", s->what, s->reasons[i].count, s->total, s->unit,
                s->reasons[i].key, where, detail(&s->reasons[i]));
    }
    return CLI_FAIL;
}
