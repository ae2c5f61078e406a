/* check_textfile.c — the one opener of text inputs (colres/textfile.h) and
 * the readers on it: a FIFO, directory or device is refused at once (a
 * FIFO used to hang the preset reader), a file is read whole (presets
 * past 8 kB were half read), and lines of any length are whole (view
 * lines were cut at 511 bytes, parameter lines refused past 8191). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/params.h"
#include "colres/status.h"
#include "colres/textfile.h"
#include "testutil.h"
#include "view/preset.h"

static char dir[256];

static void setup(void)
{
    tu_scratch_dir(dir, sizeof dir, "text");
}

static void teardown(void)
{
    tu_scratch_remove(dir);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* Each reader refuses a FIFO (without waiting for a writer: before, the
 * preset reader blocked here until the test's timeout), a directory and a
 * character device, naming what it is. */
START_TEST(test_refuses_non_files)
{
    char fifo[512], err[512];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    static const struct { const char *path, *kind; } cases[] = {
        { NULL, "a FIFO" }, { "/tmp", "a directory" }, { "/dev/null", "a character device" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = cases[i].path != NULL ? cases[i].path : fifo;
        char *text = (char *)"x";
        size_t n = 1;
        ck_assert_int_eq(cr_text_file_read(path, 100, &text, &n, err, sizeof err), CR_EINVAL);
        ck_assert(text == NULL && n == 0);
        ck_assert_msg(strstr(err, "not a regular file") && strstr(err, cases[i].kind), "%s", err);
        cr_preset_view pv = { 0 };
        ck_assert_int_ne(cr_preset_view_load(path, &pv, err, sizeof err), CR_OK);
        ck_assert_msg(strstr(err, cases[i].kind), "preset: %s", err);
        cr_params p;
        cr_params_default(&p);
        ck_assert_int_ne(cr_params_load_file(&p, path, err, sizeof err), CR_OK);
        ck_assert_msg(strstr(err, cases[i].kind), "config: %s", err);
    }
}
END_TEST

/* The whole file up to max; one byte more is refused. */
START_TEST(test_reads_whole_or_refuses)
{
    char path[512], err[512], *text;
    size_t n;
    snprintf(path, sizeof path, "%s/a.conf", dir);
    write_text(path, "0123456789");
    ck_assert_int_eq(cr_text_file_read(path, 10, &text, &n, err, sizeof err), CR_OK);
    ck_assert(n == 10 && strcmp(text, "0123456789") == 0);
    free(text);
    ck_assert_int_eq(cr_text_file_read(path, 9, &text, &n, err, sizeof err), CR_EINVAL);
    ck_assert_msg(strstr(err, "larger than 9 bytes") != NULL, "%s", err);
}
END_TEST

/* A 20 kB preset: its view settings after byte 8191, one of them across
 * that byte, and a view line of 700 bytes are all read. */
START_TEST(test_long_preset)
{
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/long.conf", dir);
    size_t cap = 32768, len = 0;
    char *t = malloc(cap);
    ck_assert_ptr_nonnull(t);
    len += (size_t)snprintf(t + len, cap - len, "gamma = 2\n");
    /* a comment up to byte 8185: the next line spans byte 8191 */
    len += (size_t)snprintf(t + len, cap - len, "#%*s\n", (int)(8185 - len - 2), "p");
    ck_assert_int_eq(len, 8185);
    len += (size_t)snprintf(t + len, cap - len, "view.overlay = none\n");
    len += (size_t)snprintf(t + len, cap - len, "view.scale =%700slog\n", "");
    while (len < 20000)
        len += (size_t)snprintf(t + len, cap - len, "# more\n");
    len += (size_t)snprintf(t + len, cap - len, "view.plane = dx-gamma\ndelta = 0.7\n");
    write_text(path, t);
    free(t);
    cr_preset_view pv = { 0 };
    pv.show_first = pv.show_rough = 1;
    ck_assert_msg(cr_preset_view_load(path, &pv, err, sizeof err) == CR_OK, "%s", err);
    ck_assert(pv.set & CR_PRESET_OVERLAY);
    ck_assert(!pv.show_first && !pv.show_rough);
    ck_assert(pv.set & CR_PRESET_SCALE);
    ck_assert_int_eq(pv.heat_log, 1);
    ck_assert(pv.set & CR_PRESET_PLANE);
    cr_params p;
    cr_params_default(&p);
    ck_assert_msg(cr_params_load_file(&p, path, err, sizeof err) == CR_OK, "%s", err);
    ck_assert(p.gamma == 2.0 && p.delta == 0.7);
}
END_TEST

/* A parameter line of 12 kB (a value padded with blanks, a long comment)
 * is one line, read whole: before, "line too long" past 8191 bytes. */
START_TEST(test_long_config_line)
{
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/wide.conf", dir);
    char *t = malloc(16384);
    ck_assert_ptr_nonnull(t);
    int len = snprintf(t, 16384, "gamma = %6000s2.5 # %6000s\ndelta = 1\n", "", "c");
    ck_assert_int_gt(len, 12000);
    write_text(path, t);
    free(t);
    cr_params p;
    cr_params_default(&p);
    ck_assert_msg(cr_params_load_file(&p, path, err, sizeof err) == CR_OK, "%s", err);
    ck_assert(p.gamma == 2.5 && p.delta == 1.0);
}
END_TEST

static Suite *textfile_suite(void)
{
    Suite *s = suite_create("textfile");
    TCase *tc = tcase_create("textfile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_refuses_non_files);
    tcase_add_test(tc, test_reads_whole_or_refuses);
    tcase_add_test(tc, test_long_preset);
    tcase_add_test(tc, test_long_config_line);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(textfile_suite());
}
