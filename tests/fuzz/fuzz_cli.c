/*
 * fuzz_cli.c — libFuzzer harness for the command-line parser (cli_parse in
 * src/cli/options.c, with the number parsers every command's handler
 * uses): the input is split at NUL bytes into argv words (at most 24).
 *
 * Invariants checked (abort() on violation, so libFuzzer reports a crash):
 *  - cli_parse returns -1 (--help), CLI_OK or CLI_USAGE, never anything else;
 *  - on CLI_OK the parameters pass cr_params_validate and are finite, and
 *    every number the handler accepted is finite (doubles) or within its
 *    range (unsigned);
 *  - the same argv parsed twice gives the same status and the same
 *    parameters (getopt's global state is reset each time).
 * ASan/UBSan catch out-of-bounds reads and undefined behaviour.  Standard
 * output (the usage) goes to /dev/null; error messages to the log.
 *
 * Built by tests/fuzz/run.sh; not part of `make check`.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "colres/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                   \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "invariant failed: %s\n", #cond);           \
            abort();                                                    \
        }                                                               \
    } while (0)

enum { OPT_FLAG = 1, OPT_NUM, OPT_COUNT };

typedef struct seen {
    int flag;
    double num;
    unsigned long count;
    int have_num, have_count;
} seen;

static const cli_opt extra[] = {
    { "flag", 0, OPT_FLAG, NULL, "a flag without a value" },
    { "num", 1, OPT_NUM, "X", "a number" },
    { "count", 1, OPT_COUNT, "N", "a count in 1..1000" },
    { NULL, 0, 0, NULL, NULL },
};

static int handler(void *ctx, int id, const char *arg)
{
    seen *s = ctx;
    switch (id) {
    case OPT_FLAG: s->flag = 1; return CLI_OK;
    case OPT_NUM: s->have_num = 1; return cli_parse_double("num", arg, &s->num);
    case OPT_COUNT: s->have_count = 1; return cli_parse_ulong("count", arg, 1, 1000, &s->count);
    default: return cli_error("unexpected option");
    }
}

static int parse(int argc, char **argv, seen *s, cli_common *c)
{
    memset(s, 0, sizeof *s);
    return cli_parse(argc, argv, "usage: fuzz", extra, handler, s, c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) { /* --help output is not what is tested (messages go to the log) */
        quiet = 1;
        if (freopen("/dev/null", "w", stdout) == NULL)
            abort();
    }
    char *buf = malloc(size + 1), *argv[26], *argv2[26];
    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 0;
    argv[argc++] = (char *)"steady";
    for (size_t i = 0; i <= size && argc < 25;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    argv[argc] = NULL;
    memcpy(argv2, argv, sizeof argv); /* getopt may permute argv */

    seen s1, s2;
    cli_common c1, c2;
    int st = parse(argc, argv, &s1, &c1);
    REQUIRE(st == -1 || st == CLI_OK || st == CLI_USAGE);
    if (st == CLI_OK) {
        char err[256];
        REQUIRE(cr_params_validate(&c1.params, err, sizeof err) == CR_OK);
        for (int id = 0; id < CR_P_COUNT; id++)
            REQUIRE(isfinite(cr_param_get(&c1.params, id)));
        REQUIRE(!s1.have_num || isfinite(s1.num));
        REQUIRE(!s1.have_count || (s1.count >= 1 && s1.count <= 1000));
    }
    int st2 = parse(argc, argv2, &s2, &c2);
    REQUIRE(st2 == st);
    if (st == CLI_OK)
        REQUIRE(cr_params_equal(&c1.params, &c2.params, 0) && s1.flag == s2.flag);
    free(buf);
    return 0;
}
