/* preset.c — a preset's screen settings (view/preset.h). */
#include "config.h"

#include "view/preset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colres/status.h"
#include "colres/textfile.h"
#include "view/screen.h"

char *cr_preset_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int flag(const char *value, int *out)
{
    if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
        return -1;
    *out = value[0] == '1';
    return 0;
}

/* One "view.KEY = VALUE" setting; 0, or -1 for a bad value, -2 for an
 * unknown key. */
static int view_key(cr_preset_view *o, const char *key, const char *value)
{
    if (strcmp(key, "plane") == 0) {
        o->plane = cr_plane_find(value);
        o->set |= CR_PRESET_PLANE;
        return o->plane < 0 ? -1 : 0;
    }
    if (strcmp(key, "compare") == 0) {
        o->set |= CR_PRESET_COMPARE;
        return flag(value, &o->compare);
    }
    if (strcmp(key, "dephase") == 0) {
        o->set |= CR_PRESET_DEPHASE;
        return flag(value, &o->dephase);
    }
    if (strcmp(key, "overlay") == 0) {
        int first = strcmp(value, "first") == 0, rough = strcmp(value, "rough") == 0;
        int both = strcmp(value, "both") == 0, none = strcmp(value, "none") == 0;
        o->show_first = first || both;
        o->show_rough = rough || both;
        o->set |= CR_PRESET_OVERLAY;
        return first || rough || both || none ? 0 : -1;
    }
    if (strcmp(key, "scale") == 0) {
        o->heat_log = strcmp(value, "log") == 0 ? 1 : strcmp(value, "linear") == 0 ? 0 : -1;
        o->set |= CR_PRESET_SCALE;
        return o->heat_log >= 0 || strcmp(value, "auto") == 0 ? 0 : -1;
    }
    return -2;
}

/* One line, cut in place (its '\n' replaced): 0, or an error status. */
static int parse_line(cr_preset_view *o, char *line, const char *origin, int lineno,
                      char *err, size_t errlen)
{
    char *eq = strchr(line, '=');
    if (eq == NULL)
        return CR_OK; /* comments and blank lines; the parameter reader judges the rest */
    *eq = '\0';
    char *name = cr_preset_trim(line);
    if (strcmp(name, "caption") == 0) {
        snprintf(o->caption, sizeof o->caption, "%s", cr_preset_trim(eq + 1));
        o->set |= CR_PRESET_CAPTION;
        return CR_OK;
    }
    if (strncmp(name, "view.", 5) != 0 || name[0] == '#')
        return CR_OK;
    char *hash = strchr(eq + 1, '#');
    if (hash != NULL)
        *hash = '\0';
    char *value = cr_preset_trim(eq + 1);
    int rc = view_key(o, name + 5, value);
    if (rc == -2)
        return cr_error(err, errlen, CR_EINVAL, "%s:%d: unknown screen setting \"%.40s\" "
                        "(known: view.plane, view.compare, view.dephase, view.overlay, "
                        "view.scale, caption)", origin, lineno, name);
    if (rc < 0)
        return cr_error(err, errlen, CR_EINVAL, "%s:%d: invalid %s = \"%.40s%s\"", origin,
                        lineno, name, value, strlen(value) > 40 ? "..." : "");
    return CR_OK;
}

int cr_preset_view_parse(const char *text, const char *origin, cr_preset_view *out,
                         char *err, size_t errlen)
{
    cr_preset_view o = *out;
    char *copy = strdup(text); /* its lines are cut in place: any length */
    if (copy == NULL)
        return cr_error(err, errlen, CR_ENOMEM, "%s: out of memory", origin);
    int lineno = 0, st = CR_OK;
    for (char *p = copy; st == CR_OK && *p != '\0';) {
        size_t n = strcspn(p, "\n");
        char *next = p + n + (p[n] == '\n');
        p[n] = '\0';
        st = parse_line(&o, p, origin, ++lineno, err, errlen);
        p = next;
    }
    free(copy);
    if (st == CR_OK)
        *out = o;
    return st;
}

int cr_preset_view_load(const char *path, cr_preset_view *out, char *err, size_t errlen)
{
    char *text;
    size_t n;
    int st = cr_text_file_read(path, CR_TEXT_FILE_MAX, &text, &n, err, errlen);
    if (st == CR_OK)
        st = cr_preset_view_parse(text, path, out, err, errlen);
    free(text);
    return st;
}
