/* viewutil.h — helpers shared by the view-layer tests (no curses). */
#ifndef COLRES_TESTS_VIEWUTIL_H
#define COLRES_TESTS_VIEWUTIL_H

#include <check.h>
#include <stdlib.h>

#include "view/canvas.h"

/* The whole canvas as text (rows joined by '\n'); caller frees. */
static inline char *tu_canvas_text(const cr_canvas *c, int ascii)
{
    size_t cap = (size_t)c->height * ((size_t)c->width * 4 + 1) + 1, len = 0;
    char *s = malloc(cap);

    ck_assert_ptr_nonnull(s);
    for (int y = 0; y < c->height; y++) {
        len += cr_canvas_row_text(c, y, ascii, s + len, cap - len);
        s[len++] = '\n';
    }
    s[len] = '\0';
    return s;
}

#endif
