/* provenance.c — the text that says what made a result (colres/provenance.h). */
#include "config.h"

#include "colres/provenance.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* printf at *used, snprintf-style: *used counts what was needed. */
static void put(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(*used < buflen ? buf + *used : NULL, *used < buflen ? buflen - *used : 0,
                      fmt, ap);
    va_end(ap);
    if (w > 0)
        *used += (size_t)w;
}

int cr_provenance_format(const cr_params *p, const cr_provenance *pv, const char *param_prefix,
                         char *buf, size_t buflen)
{
    size_t used = 0;
    if (buflen > 0)
        buf[0] = '\0';
    put(buf, buflen, &used, "# colres %s\n", PACKAGE_VERSION);
    if (pv->command != NULL && pv->command[0] != '\0')
        put(buf, buflen, &used, "# command: %s\n", pv->command);
    if (pv->config != NULL)
        put(buf, buflen, &used, "# config file: %s\n", pv->config[0] != '\0' ? pv->config : "none");
    if (pv->seed >= 0)
        put(buf, buflen, &used, "# seed: %lld\n", pv->seed);
    else if (pv->seed == -1)
        put(buf, buflen, &used, "# seed: none (no random numbers)\n");
    if (pv->threads == 0)
        put(buf, buflen, &used, "# threads: one per CPU\n");
    else if (pv->threads > 0)
        put(buf, buflen, &used, "# threads: %d\n", pv->threads);
    if (pv->dephase >= 0)
        put(buf, buflen, &used, "# dephasing D: %s\n",
            pv->dephase ? "on, the map D.S (Eq. 3)" : "off");
    put(buf, buflen, &used, "# amplitude model: %s\n",
        p->amplitudes == CR_AMP_EXACT ? "exact (the exact scattering amplitudes)"
                                      : "approx (the paper's Eq. S1)");
    put(buf, buflen, &used, "# parameters:\n");
    char text[16384];
    int n = cr_params_format(p, text, sizeof text);
    if (n < 0 || (size_t)n >= sizeof text)
        return -1;
    for (const char *l = text; *l != '\0';) {
        size_t len = strcspn(l, "\n");
        put(buf, buflen, &used, "%s%.*s\n", param_prefix, (int)len, l);
        l += len + (l[len] == '\n');
    }
    return (int)used;
}
