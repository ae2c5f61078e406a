/*
 * lecture.c — a lecture file of scenes (view/lecture.h).  Each scene's
 * lines are handed to the preset parsers (colres/params.h for the
 * parameters, view/preset.h for the screen), with every other line of the
 * file blanked so that their FILE:LINE messages point into the file; the
 * lecture's own keys (note, hide, ask, view.focus, view.range) are read
 * here and blanked for them.
 */
#include "config.h"

#include "view/lecture.h"
#include "view/preset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "colres/status.h"
#include "colres/textfile.h"

#define LECTURE_MAX_BYTES (1 << 20)

int cr_focus_parse(const char *name)
{
    static const char *const names[] = { "all", "fig1", "fig2", "fig3" };
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* "[scene TITLE]": copies TITLE; 1 if the line is one. */
static int scene_line(char *s, char *title, size_t n)
{
    if (strncmp(s, "[scene", 6) != 0 || (s[6] != ' ' && s[6] != ']'))
        return 0;
    char *end = strrchr(s, ']');
    if (end == NULL || end[1] != '\0')
        return 0;
    *end = '\0';
    snprintf(title, n, "%s", cr_preset_trim(s + 6));
    return 1;
}

static int parse_hide(char *value, unsigned *out)
{
    static const char *const names[] = { "rho00", "coherence", "map", "trajectory" };
    *out = 0;
    for (char *tok = strtok(value, ","); tok != NULL; tok = strtok(NULL, ",")) {
        char *t = cr_preset_trim(tok);
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(t, names[i]) == 0)
                k = i;
        if (k < 0)
            return -1;
        *out |= 1u << k;
    }
    return *out != 0 ? 0 : -1;
}

/* "QUESTION | CHOICE | CHOICE": split at " | " (a bar with spaces round
 * it), so that |ρ01| stays whole. */
static int parse_ask(cr_scene *sc, char *value)
{
    char *bar = strstr(value, " | ");
    if (bar != NULL)
        *bar = '\0';
    snprintf(sc->ask, sizeof sc->ask, "%s", cr_preset_trim(value));
    sc->nchoices = 0;
    while (bar != NULL) {
        char *c = bar + 3;
        bar = strstr(c, " | ");
        if (bar != NULL)
            *bar = '\0';
        if (sc->nchoices == CR_VIEW_CHOICES)
            return -1;
        snprintf(sc->choices[sc->nchoices++], sizeof sc->choices[0], "%s", cr_preset_trim(c));
    }
    return sc->ask[0] != '\0' ? 0 : -1;
}

static int parse_range(cr_scene *sc, const char *value)
{
    char word[16] = "";
    int n = sscanf(value, "%lf %lf %15s", &sc->range_lo, &sc->range_hi, word);
    sc->range_log = strcmp(word, "log") == 0;
    if (n < 2 || (n == 3 && !sc->range_log) || !(sc->range_lo < sc->range_hi)
        || (sc->range_log && !(sc->range_lo > 0)))
        return -1;
    sc->range_set = 1;
    return 0;
}

/* One of the lecture's own keys; 1 if it was one, 0 if not, -1 bad value,
 * -2 one note too many. */
static int own_key(cr_scene *sc, const char *name, char *value)
{
    if (strcmp(name, "note") == 0) {
        if (sc->nnotes == CR_VIEW_NOTES)
            return -2;
        snprintf(sc->notes[sc->nnotes++], sizeof sc->notes[0], "%s", value);
        return 1;
    }
    if (strcmp(name, "hide") == 0)
        return parse_hide(value, &sc->hide) == 0 ? 1 : -1;
    if (strcmp(name, "ask") == 0)
        return parse_ask(sc, value) == 0 ? 1 : -1;
    if (strcmp(name, "view.focus") == 0)
        return (sc->focus = cr_focus_parse(value)) >= 0 ? 1 : -1;
    if (strcmp(name, "view.range") == 0)
        return parse_range(sc, value) == 0 ? 1 : -1;
    if (strcmp(name, "view.speed") == 0) {
        char *end;
        sc->speed = strtod(value, &end);
        return *end == '\0' && sc->speed >= 0.625 && sc->speed <= 1e5 ? 1 : -1;
    }
    if (strcmp(name, "view.units") == 0) {
        sc->units = strcmp(value, "1") == 0 ? 1 : strcmp(value, "0") == 0 ? 0 : -1;
        return sc->units >= 0 ? 1 : -1;
    }
    return 0;
}

/* Read scene k's own keys from the lines [from, to) of text, and leave in
 * `mask` (a copy of the text) only its preset lines, every other line
 * blank.  Returns CR_OK or an error. */
static int scene_lines(const char *text, size_t len, size_t from, size_t to, cr_scene *sc,
                       char *mask, const char *origin, char *err, size_t errlen)
{
    size_t pos = 0;
    int lineno = 0;
    memset(mask, ' ', len);
    mask[len] = '\0';
    while (pos < len) {
        size_t start = pos;
        while (pos < len && text[pos] != '\n')
            pos++;
        size_t n = pos - start;
        mask[pos < len ? pos : len] = pos < len ? '\n' : '\0';
        pos += pos < len;
        lineno++;
        if (start <= from || start >= to)
            continue; /* other scenes, and this scene's [scene] line */
        char line[1024];
        if (n >= sizeof line)
            return cr_error(err, errlen, CR_EINVAL, "%s:%d: line too long", origin, lineno);
        memcpy(line, text + start, n);
        line[n] = '\0';
        char *eq = strchr(line, '=');
        if (eq != NULL) {
            *eq = '\0';
            char *name = cr_preset_trim(line);
            int rc = own_key(sc, name, cr_preset_trim(eq + 1));
            if (rc == -2)
                return cr_error(err, errlen, CR_EINVAL, "%s:%d: more than %d note lines",
                                origin, lineno, CR_VIEW_NOTES);
            if (rc < 0)
                return cr_error(err, errlen, CR_EINVAL,
                                "%s:%d: invalid %s (hide: rho00, coherence, map, trajectory; "
                                "ask: QUESTION | up to 3 choices; view.focus: fig1, fig2, "
                                "fig3, all; view.range: LO HI [log]; view.units: 0, 1; view.speed: 0.625 to 1e5)", origin, lineno, name);
            if (rc == 1)
                continue;
        }
        memcpy(mask + start, text + start, n);
    }
    return CR_OK;
}

int cr_lecture_parse(const char *text, const char *origin, cr_lecture *out, char *err,
                     size_t errlen)
{
    size_t len = strlen(text), pos = 0, starts[CR_LECTURE_MAX + 1];
    int lineno = 0;
    memset(out, 0, sizeof *out);
    while (pos < len) { /* find the scenes */
        size_t start = pos;
        while (pos < len && text[pos] != '\n')
            pos++;
        size_t n = pos - start;
        pos += pos < len;
        lineno++;
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1),
                 text + start);
        char *s = cr_preset_trim(line), title[96];
        if (scene_line(s, title, sizeof title)) {
            if (out->n == CR_LECTURE_MAX)
                return cr_error(err, errlen, CR_EINVAL, "%s:%d: more than %d scenes", origin,
                                lineno, CR_LECTURE_MAX);
            cr_scene *sc = &out->scene[out->n];
            snprintf(sc->title, sizeof sc->title, "%s", title);
            sc->line = lineno;
            sc->focus = -1;
            sc->units = -1;
            starts[out->n++] = start;
        } else if (out->n == 0 && *s != '\0' && *s != '#') {
            return cr_error(err, errlen, CR_EINVAL, "%s:%d: expected \"[scene TITLE]\" before "
                            "the first setting", origin, lineno);
        }
    }
    if (out->n == 0)
        return cr_error(err, errlen, CR_EINVAL, "%s: no \"[scene TITLE]\" in the lecture",
                        origin);
    starts[out->n] = len;
    char *mask = malloc(len + 1);
    if (mask == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "out of memory");
    int st = CR_OK;
    for (int k = 0; k < out->n && st == CR_OK; k++) {
        cr_scene *sc = &out->scene[k];
        cr_params_default(&sc->params);
        st = scene_lines(text, len, starts[k], starts[k + 1], sc, mask, origin, err, errlen);
        if (st == CR_OK)
            st = cr_params_load_text(&sc->params, mask, len, origin, err, errlen);
        if (st == CR_OK)
            st = cr_preset_view_parse(mask, origin, &sc->view, err, errlen);
    }
    free(mask);
    return st;
}

int cr_lecture_load(const char *path, cr_lecture **out, char *err, size_t errlen)
{
    *out = NULL;
    char *text = NULL;
    size_t n = 0;
    /* The one opener: a FIFO or device is refused, never waited on. */
    int rc = cr_text_file_read(path, LECTURE_MAX_BYTES, &text, &n, err, errlen);
    if (rc != CR_OK)
        return rc;
    cr_lecture *lec = malloc(sizeof *lec);
    if (lec == NULL) {
        free(text);
        return cr_error(err, errlen, CR_ENOMEM, "out of memory");
    }
    rc = cr_lecture_parse(text, path, lec, err, errlen);
    free(text);
    if (rc != CR_OK)
        free(lec);
    else
        *out = lec;
    return rc;
}
