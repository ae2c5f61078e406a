/* grammar.c — the option grammars more than one command shares, one
 * parser each: a range of points (--from --to --points --log) and sizes
 * and fractions of two whole numbers (--size NXxNY, --shard K/N). */
#include "config.h"

#include "cli.h"

int cli_range_opt(cli_range *r, int id, const char *arg)
{
    switch (id) {
    case CLI_RANGE_FROM:
        r->have_from = 1;
        return cli_parse_double("from", arg, &r->from);
    case CLI_RANGE_TO:
        r->have_to = 1;
        return cli_parse_double("to", arg, &r->to);
    case CLI_RANGE_POINTS:
        return cli_parse_ulong("points", arg, 1, 10000000, &r->points);
    case CLI_RANGE_LOG:
        r->log_scale = 1;
        return CLI_OK;
    default:
        return -1;
    }
}

/* One unsigned decimal number, digits only (no sign, space or base
 * prefix), at most max; *s moves past it.  0 if there is none or it is
 * too large. */
static int strict_uint(const char **s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    const char *p = *s;
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > max)
            return 0;
    }
    *s = p;
    *out = v;
    return 1;
}

int cli_parse_pair(const char *arg, char sep, unsigned long max, unsigned long *a,
                   unsigned long *b)
{
    const char *p = arg;
    return strict_uint(&p, max, a) && *p++ == sep && strict_uint(&p, max, b) && *p == '\0';
}

int cli_parse_size(const char *opt, const char *arg, unsigned long lo, unsigned long hi,
                   unsigned long *nx, unsigned long *ny)
{
    unsigned long x, y;
    if (!cli_parse_pair(arg, 'x', hi, &x, &y) || x < lo || y < lo)
        return cli_error("invalid --%s = \"%s\": expected NXxNY, two whole numbers "
                         "%lu..%lu, e.g. 64x64", opt, arg, lo, hi);
    *nx = x;
    *ny = y;
    return CLI_OK;
}
