/* merge.c — `colres heatmap ... --merge [--shards N] FILE...`: the rows of
 * shards (--shard K/N runs) checked against the grid and written as one
 * map.  Every cell must be present exactly once, at the grid's x and y
 * (the same doubles, as %.17g writes them); then the map is written in
 * grid order under one header, each line as its shard wrote it, so the
 * result equals the unsplit run byte for byte.  Otherwise nothing is
 * written, and stderr names the shards (or rows) to run again: exit 1. */
#include "config.h"

#include "cli.h"
#include "grid.h"
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct cell {
    const char *line;   /* the shard's row, without its newline; NULL: missing */
    uint32_t len, file, lineno;
} cell;

typedef struct merge {
    const heat_args *a;
    double *xs, *ys;
    cell *cells;
    char **text;        /* each file's contents */
    char head[512];     /* this run's header, without newline */
    size_t nan_cells;
} merge;

/* Cells beyond this are not merged in memory (24 bytes each). */
#define MERGE_MAX_CELLS 100000000ull

/* The whole file, NUL-terminated; NULL after a message. */
static char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "colres: heatmap: merge: %s: %s\n", path,
                fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (buf != NULL && got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (buf == NULL || got != (size_t)st.st_size) {
        fprintf(stderr, "colres: heatmap: merge: %s: %s\n", path,
                buf == NULL ? "out of memory" : "read error");
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    return buf;
}

/* The first index of the monotone grid g (n points) holding exactly v,
 * or n. */
static size_t locate(const double *g, size_t n, double v)
{
    int up = g[0] <= g[n - 1];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (up ? g[mid] < v : g[mid] > v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && g[lo] == v ? lo : n;
}

/* One number of a row, the whole field up to ',': 1 if it is one. */
static int field(const char **s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(*s, &end);
    if (end == *s || *end != ',')
        return 0;
    *s = end + 1;
    return 1;
}

/* A data row of file f, line lineno: placed in its cell, or a message. */
static int merge_row(merge *m, const char *line, size_t len, uint32_t f, uint32_t lineno)
{
    const heat_args *a = m->a;
    const char *path = a->files[f];
    double x, y;
    const char *s = line;
    size_t commas = 0;
    for (size_t i = 0; i < len; i++)
        commas += line[i] == ',';
    if (commas != (size_t)(1 + heat_columns(a)) || !field(&s, &x) || !field(&s, &y)) {
        fprintf(stderr, "colres: heatmap: merge: %s:%u: not a row of this run's columns "
                "(%s)\n", path, lineno, m->head);
        return CLI_FAIL;
    }
    size_t iy = locate(m->ys, a->ny, y), ix = locate(m->xs, a->nx, x);
    if (iy == a->ny || ix == a->nx) {
        fprintf(stderr, "colres: heatmap: merge: %s:%u: %s = %.17g is not on this grid's "
                "%s axis\n", path, lineno, iy == a->ny ? "y" : "x", iy == a->ny ? y : x,
                iy == a->ny ? "y" : "x");
        return CLI_FAIL;
    }
    /* equal grid values (a zero-width axis): the first free one */
    while (ix + 1 < a->nx && m->xs[ix + 1] == x && m->cells[iy * a->nx + ix].line != NULL)
        ix++;
    cell *c = &m->cells[iy * a->nx + ix];
    if (c->line != NULL) {
        fprintf(stderr, "colres: heatmap: merge: %s:%u: the cell x = %.17g, y = %.17g is "
                "there twice (first in %s:%u)\n", path, lineno, x, y, a->files[c->file],
                c->lineno);
        return CLI_FAIL;
    }
    *c = (cell){ line, (uint32_t)len, f, lineno };
    m->nan_cells += strstr(s, "nan") != NULL && (size_t)(strstr(s, "nan") - line) < len;
    return CLI_OK;
}

/* Every line of file f: comments and empty lines skipped, a header
 * checked, rows placed. */
static int merge_file(merge *m, uint32_t f)
{
    char *text = m->text[f];
    uint32_t lineno = 0;
    for (char *l = text; *l != '\0';) {
        size_t len = strcspn(l, "\n");
        lineno++;
        int st = CLI_OK;
        if (len == 0 || l[0] == '#')
            ;
        else if (l[0] == 'x') {
            if (len != strlen(m->head) || strncmp(l, m->head, len) != 0) {
                fprintf(stderr, "colres: heatmap: merge: %s:%u: header \"%.*s\" is not this "
                        "run's \"%s\" (the same --quantity and --validity?)\n",
                        m->a->files[f], lineno, (int)(len < 200 ? len : 200), l, m->head);
                st = CLI_FAIL;
            }
        } else
            st = merge_row(m, l, len, f, lineno);
        if (st != CLI_OK)
            return st;
        l += len + (l[len] == '\n');
    }
    return CLI_OK;
}

/* Nothing missing: CLI_OK.  Otherwise the shards (or rows) to run again
 * on stderr, and CLI_FAIL. */
static int merge_missing(const merge *m)
{
    const heat_args *a = m->a;
    size_t missing = 0, rows = 0, n = a->merge_shards;
    unsigned char *shard = n > 0 ? calloc(n, 1) : NULL;
    char list[1024] = "";
    size_t at = 0;
    for (size_t iy = 0; iy < a->ny; iy++) {
        size_t row_missing = 0;
        for (size_t ix = 0; ix < a->nx; ix++)
            row_missing += m->cells[iy * a->nx + ix].line == NULL;
        missing += row_missing;
        if (row_missing == 0)
            continue;
        rows++;
        if (shard != NULL)
            shard[iy % n] = 1;
        else if (at < sizeof list - 32)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%zu", rows > 1 ? ", " : "", iy);
        else if (at < sizeof list - 4)
            at += (size_t)snprintf(list + at, sizeof list - at, ", ...");
    }
    if (missing == 0) {
        free(shard);
        return CLI_OK;
    }
    if (shard != NULL) {
        for (size_t k = 0; k < n; k++)
            if (shard[k] && at < sizeof list - 40)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%zu/%zu",
                                       at > 0 ? ", " : "", k, n);
            else if (shard[k] && at < sizeof list - 4)
                at += (size_t)snprintf(list + at, sizeof list - at, ", ...");
        fprintf(stderr, "colres: heatmap: merge: missing shards: %s (%zu of %zu cells "
                "missing; run them again with --shard K/N)\n", list, missing, a->nx * a->ny);
    } else
        fprintf(stderr, "colres: heatmap: merge: %zu of %zu cells missing, in rows %s "
                "(of 0..%lu; --shards N names the shards)\n", missing, a->nx * a->ny, list,
                a->ny - 1);
    free(shard);
    return CLI_FAIL;
}

static int merge_write(const merge *m, const cli_common *c)
{
    const heat_args *a = m->a;
    cli_out o;
    cli_out_init(&o);
    char head[520];
    snprintf(head, sizeof head, "%s\n", m->head);
    cli_out_header(&o, c, (cli_meta){ -1, a->dephase, 0 }, head);
    char line[8192];
    for (size_t i = 0; i < a->nx * a->ny && o.status == CLI_OK; i++) {
        const cell *e = &m->cells[i];
        if (e->len + 2 > sizeof line) {
            fprintf(stderr, "colres: heatmap: merge: %s:%u: line too long\n",
                    a->files[e->file], e->lineno);
            return CLI_FAIL;
        }
        memcpy(line, e->line, e->len);
        memcpy(line + e->len, "\n", 2);
        cli_out_line(&o, line);
    }
    int st = cli_out_finish(&o);
    if (st == CLI_OK && m->nan_cells > 0) {
        fprintf(stderr, "colres: heatmap: merge: %zu of %zu cells are nan (they failed in "
                "the run)\n", m->nan_cells, a->nx * a->ny);
        st = CLI_FAIL;
    }
    return st;
}

int heat_merge(const heat_args *a, const cli_common *c)
{
    if ((unsigned long long)a->nx * a->ny > MERGE_MAX_CELLS)
        return cli_error("heatmap: --merge: %lux%lu cells are more than %llu", a->nx, a->ny,
                         MERGE_MAX_CELLS);
    merge m;
    memset(&m, 0, sizeof m);
    m.a = a;
    heat_header(a, m.head, sizeof m.head);
    m.head[strcspn(m.head, "\n")] = '\0';
    m.xs = malloc(sizeof(double) * a->nx);
    m.ys = malloc(sizeof(double) * a->ny);
    m.cells = calloc(a->nx * a->ny, sizeof *m.cells);
    m.text = calloc(a->nfiles, sizeof *m.text);
    int st = m.xs && m.ys && m.cells && m.text ? CLI_OK : CLI_FAIL;
    if (st != CLI_OK)
        fprintf(stderr, "colres: heatmap: merge: out of memory\n");
    for (size_t i = 0; st == CLI_OK && i < a->nx; i++)
        m.xs[i] = cr_grid_value(a->x.a, a->x.b, a->nx, a->x.log_scale, i);
    for (size_t i = 0; st == CLI_OK && i < a->ny; i++)
        m.ys[i] = cr_grid_value(a->y.a, a->y.b, a->ny, a->y.log_scale, i);
    for (size_t f = 0; st == CLI_OK && f < a->nfiles; f++) {
        m.text[f] = slurp(a->files[f]);
        st = m.text[f] != NULL ? merge_file(&m, (uint32_t)f) : CLI_FAIL;
    }
    if (st == CLI_OK)
        st = merge_missing(&m);
    if (st == CLI_OK)
        st = merge_write(&m, c);
    for (size_t f = 0; m.text != NULL && f < a->nfiles; f++)
        free(m.text[f]);
    free(m.text);
    free(m.xs);
    free(m.ys);
    free(m.cells);
    return st;
}
