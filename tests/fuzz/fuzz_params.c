/*
 * fuzz_params.c — libFuzzer harness for the parameter parser (params.h):
 * cr_params_load_text on the raw input, and cr_params_set on the input split
 * at its first '=' or NUL into a name and a value.
 *
 * Invariants checked (abort() on violation, so libFuzzer reports a crash):
 *  - on error the cr_params is bit-for-bit unchanged and the message is
 *    non-empty, NUL-terminated within errlen, and for load_text starts with
 *    "ORIGIN:LINE: " where LINE is a line that exists in the input;
 *  - on success every parameter passed its own range check, so
 *    cr_params_validate can only fail on the cross-parameter conditions
 *    (x0 < -L/2; after a lone `coupling`, its size against the levels);
 *    cr_params_format of the result loads back to the same bits;
 *  - a tiny error buffer gives the same status and stays NUL-terminated.
 * ASan/UBSan catch out-of-bounds reads (the input copy has no terminator:
 * load_text must respect len) and undefined behaviour.
 *
 * Built by tests/fuzz/run.sh; not part of `make check`.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/params.h"
#include "colres/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ORIGIN "fuzz.conf"
#define ERRLEN 512

#define REQUIRE(cond, ...)                                              \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "invariant failed: %s: ", #cond);           \
            fprintf(stderr, __VA_ARGS__);                               \
            fputc('\n', stderr);                                        \
            abort();                                                    \
        }                                                               \
    } while (0)

/* Bit for bit, levels and coupling included (cr_params has no padding:
 * its ints come in pairs before the double arrays). */
static int same_params(const cr_params *a, const cr_params *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* The message is terminated inside the buffer and not empty. */
static void check_message(const char *err, size_t errlen, const char *what)
{
    REQUIRE(memchr(err, '\0', errlen) != NULL, "%s: message not NUL-terminated", what);
    if (errlen > 1)
        REQUIRE(err[0] != '\0', "%s: empty error message", what);
}

/* Lines in the input as load_text counts them (split at '\n'). */
static unsigned long count_lines(const uint8_t *data, size_t size)
{
    unsigned long n = 0;
    size_t pos = 0;
    while (pos < size) {
        n++;
        const void *nl = memchr(data + pos, '\n', size - pos);
        if (nl == NULL)
            break;
        pos = (size_t)((const uint8_t *)nl - data) + 1;
    }
    return n;
}

static void fuzz_load_text(const uint8_t *data, size_t size)
{
    /* Exactly size bytes, no terminator: reading past len is a bug. */
    char *text = malloc(size > 0 ? size : 1);
    REQUIRE(text != NULL, "malloc");
    if (size > 0)
        memcpy(text, data, size);

    cr_params p, before;
    cr_params_default(&p);
    before = p;
    char err[ERRLEN];
    memset(err, 0x55, sizeof err);
    int st = cr_params_load_text(&p, text, size, ORIGIN, err, sizeof err);

    if (st != CR_OK) {
        REQUIRE(same_params(&p, &before), "load_text changed params on error");
        check_message(err, sizeof err, "load_text");
        size_t olen = strlen(ORIGIN);
        REQUIRE(strncmp(err, ORIGIN ":", olen + 1) == 0, "no origin in \"%s\"", err);
        char *end = NULL;
        unsigned long line = strtoul(err + olen + 1, &end, 10);
        REQUIRE(end != err + olen + 1 && *end == ':', "no line number in \"%s\"", err);
        REQUIRE(line >= 1 && line <= count_lines(data, size),
                "line %lu outside the input (%lu lines)", line, count_lines(data, size));
    } else {
        char verr[ERRLEN];
        if (cr_params_validate(&p, verr, sizeof verr) != CR_OK) {
            check_message(verr, sizeof verr, "validate");
            REQUIRE(strncmp(verr, "invalid x0", 10) == 0,
                    "a per-parameter check slipped through load_text: \"%s\"", verr);
        }
        /* Round trip through the writer: %.17g must reproduce every bit. */
        char buf[16384]; /* an 8x8 coupling is some 3300 bytes */
        int w = cr_params_format(&p, buf, sizeof buf);
        REQUIRE(w > 0 && (size_t)w < sizeof buf, "format returned %d", w);
        cr_params q;
        cr_params_default(&q);
        int st2 = cr_params_load_text(&q, buf, (size_t)w, "roundtrip", verr, sizeof verr);
        REQUIRE(st2 == CR_OK, "formatted params do not load: \"%s\"", verr);
        REQUIRE(same_params(&p, &q), "format/load round trip changed a value");
    }

    /* A tiny error buffer: same verdict, still terminated, no overflow. */
    size_t small = 1 + size % 16;
    char *tiny = malloc(small);
    REQUIRE(tiny != NULL, "malloc");
    cr_params r;
    cr_params_default(&r);
    int st3 = cr_params_load_text(&r, text, size, ORIGIN, tiny, small);
    REQUIRE(st3 == st, "status depends on the error buffer size (%d vs %d)", st3, st);
    if (st3 != CR_OK)
        check_message(tiny, small, "load_text (small buffer)");
    free(tiny);
    free(text);
}

static void fuzz_set(const uint8_t *data, size_t size)
{
    size_t cut = 0;
    while (cut < size && data[cut] != '=' && data[cut] != '\0')
        cut++;
    char *name = malloc(cut + 1);
    size_t vlen = cut < size ? size - cut - 1 : 0;
    char *value = malloc(vlen + 1);
    REQUIRE(name != NULL && value != NULL, "malloc");
    memcpy(name, data, cut);
    name[cut] = '\0';
    if (vlen > 0)
        memcpy(value, data + cut + 1, vlen);
    value[vlen] = '\0'; /* an embedded NUL ends the value early: fine */

    cr_params p, before;
    cr_params_default(&p);
    /* Start away from the defaults so "unchanged" is not "reset". */
    cr_param_put(&p, CR_P_GAMMA, 2.5);
    p.amplitudes = CR_AMP_EXACT;
    before = p;
    char err[ERRLEN];
    memset(err, 0x55, sizeof err);
    int st = cr_params_set(&p, name, value, err, sizeof err);
    if (st != CR_OK) {
        REQUIRE(same_params(&p, &before), "set changed params on error");
        check_message(err, sizeof err, "set");
    } else {
        int id = cr_param_lookup(name);
        int levels = strcmp(name, "levels") == 0, coupling = strcmp(name, "coupling") == 0;
        REQUIRE(id >= 0 || levels || coupling || strcmp(name, "amplitudes") == 0,
                "set accepted unknown name \"%s\"", name);
        /* Only the named field may change (levels: Δ = E1 - E0 too). */
        if (!levels)
            REQUIRE(p.nlevels == before.nlevels
                    && memcmp(p.levels, before.levels, sizeof p.levels) == 0,
                    "set %s changed the levels", name);
        if (!coupling)
            REQUIRE(p.coupling_set == before.coupling_set && p.coupling_n == before.coupling_n
                    && memcmp(p.coupling_re, before.coupling_re, sizeof p.coupling_re) == 0
                    && memcmp(p.coupling_im, before.coupling_im, sizeof p.coupling_im) == 0,
                    "set %s changed the coupling", name);
        if (levels)
            REQUIRE(p.delta == p.levels[1] - p.levels[0], "levels did not set delta");
        for (int i = 0; i < CR_P_COUNT; i++) {
            if (i == id || (levels && i == CR_P_DELTA))
                continue;
            double x = cr_param_get(&p, i), y = cr_param_get(&before, i);
            REQUIRE(memcmp(&x, &y, sizeof x) == 0, "set %s also changed parameter %d", name, i);
        }
        if (id >= 0)
            REQUIRE(p.amplitudes == before.amplitudes, "set %s changed amplitudes", name);
        char verr[ERRLEN];
        if (cr_params_validate(&p, verr, sizeof verr) != CR_OK) {
            check_message(verr, sizeof verr, "validate");
            REQUIRE(strncmp(verr, "invalid x0", 10) == 0
                    || (coupling && strncmp(verr, "coupling is ", 12) == 0),
                    "set accepted an out-of-range value: \"%s\"", verr);
        }
    }
    free(name);
    free(value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_text(data, size);
    fuzz_set(data, size);
    return 0;
}
