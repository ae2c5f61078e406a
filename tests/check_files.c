/* check_files.c — the TUI's file writes (src/tui/files.c; no curses in
 * them): whole or nothing, never over a non-regular file, links followed,
 * exports never overwrite, and `s` keeps the user's comments. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "colres/status.h"
#include "testutil.h"
#include "tui/files.h"

static char dir[256];

static void setup(void)
{
    tu_scratch_dir(dir, sizeof dir, "files");
}

static void teardown(void)
{
    tu_scratch_remove(dir);
}

static int write_hello(FILE *f, const void *ctx)
{
    fputs((const char *)ctx, f);
    return 0;
}

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(test_replace_and_no_clobber)
{
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/a.csv", dir);
    ck_assert_int_eq(tui_write_file(path, 0, write_hello, "one\n", err, sizeof err), CR_OK);
    ck_assert_str_eq(slurp(path), "one\n");
    /* An export never overwrites: the second write fails, the file stays. */
    ck_assert_int_ne(tui_write_file(path, 0, write_hello, "two\n", err, sizeof err), CR_OK);
    ck_assert_str_eq(slurp(path), "one\n");
    ck_assert_int_eq(tui_write_file(path, 1, write_hello, "three\n", err, sizeof err), CR_OK);
    ck_assert_str_eq(slurp(path), "three\n");
}
END_TEST

/* A FIFO (or device) at the path is refused, and stays what it was; a
 * symbolic link is followed and stays a link. */
START_TEST(test_only_regular_files_are_replaced)
{
    char fifo[512], link_path[512], target[512], err[512];
    struct stat st;
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_ne(tui_write_file(fifo, 1, write_hello, "x\n", err, sizeof err), CR_OK);
    ck_assert_msg(strstr(err, "not a regular file"), "%s", err);
    ck_assert(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));

    snprintf(target, sizeof target, "%s/real.conf", dir);
    snprintf(link_path, sizeof link_path, "%s/link.conf", dir);
    ck_assert_int_eq(tui_write_file(target, 1, write_hello, "old\n", err, sizeof err), CR_OK);
    ck_assert_int_eq(symlink(target, link_path), 0);
    ck_assert_int_eq(tui_write_file(link_path, 1, write_hello, "new\n", err, sizeof err), CR_OK);
    ck_assert(lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode));
    ck_assert_str_eq(slurp(target), "new\n");
}
END_TEST

/* `s`: the values change in place, comments and unknown lines stay, new
 * keys are appended, and leftovers of an interrupted save are removed. */
START_TEST(test_save_keeps_comments)
{
    char path[512], stale[600], msg[1024];
    snprintf(path, sizeof path, "%s/sub/colres.conf", dir);
    snprintf(stale, sizeof stale, "%s.tmpAbC123", path);
    cr_params p;
    cr_params_default(&p);
    p.gamma = 2.5;
    ck_assert_int_eq(tui_save_settings(&p, path, msg, sizeof msg), CR_OK); /* mkdir -p */
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("# my lecture settings\ngamma = 7   # fast\n\n# the gap\ndelta = 0.6\n", f);
    fclose(f);
    f = fopen(stale, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    p.gamma = 3;
    ck_assert_int_eq(tui_save_settings(&p, path, msg, sizeof msg), CR_OK);
    const char *t = slurp(path);
    ck_assert_msg(strstr(t, "# my lecture settings\n") && strstr(t, "# the gap\n"), "%s", t);
    ck_assert_msg(strstr(t, "gamma = 3\n") && !strstr(t, "gamma = 7"), "%s", t);
    ck_assert_msg(strstr(t, "dx = 1\n") != NULL, "%s", t); /* appended */
    ck_assert_msg(strstr(t, "# my lecture") < strstr(t, "gamma = 3"), "order changed:\n%s", t);
    ck_assert_int_ne(access(stale, F_OK), 0);
    cr_params back;
    char err[256];
    cr_params_default(&back);
    ck_assert_int_eq(cr_params_load_file(&back, path, err, sizeof err), CR_OK);
    ck_assert(back.gamma == 3.0);
}
END_TEST

/* The level scheme and the coupling are saved too, replace their old
 * lines, read back equal, and go when the qubit's defaults return. */
START_TEST(test_save_levels_and_coupling)
{
    char path[512], msg[1024], err[256];
    snprintf(path, sizeof path, "%s/colres.conf", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("# mine\nlevels = 0,1\ncoupling = 0,1;1,0\n", f);
    fclose(f);
    cr_params p, back;
    cr_params_default(&p);
    ck_assert_int_eq(cr_params_set(&p, "levels", "0,0.5,1.5", err, sizeof err), CR_OK);
    ck_assert_int_eq(cr_params_set(&p, "coupling", "0,1+2i,0;1-2i,0,0.5;0,0.5,0.25", err,
                                   sizeof err), CR_OK);
    ck_assert_int_eq(tui_save_settings(&p, path, msg, sizeof msg), CR_OK);
    const char *t = slurp(path);
    ck_assert_msg(strstr(t, "# mine\n") && !strstr(t, "levels = 0,1\n")
                  && !strstr(t, "coupling = 0,1;1,0\n"), "%s", t);
    cr_params_default(&back);
    ck_assert_int_eq(cr_params_load_file(&back, path, err, sizeof err), CR_OK);
    ck_assert_msg(cr_params_equal(&back, &p, 0), "levels or coupling not read back:\n%s", t);
    cr_params_default(&p);
    ck_assert_int_eq(tui_save_settings(&p, path, msg, sizeof msg), CR_OK);
    t = slurp(path);
    ck_assert_msg(!strstr(t, "levels") && !strstr(t, "coupling"), "%s", t);
}
END_TEST

/* A config that starts with a UTF-8 byte order mark (the loader skips it):
 * `s` replaces its gamma line instead of keeping it and appending a
 * second, which the loader would refuse as duplicated. */
START_TEST(test_save_after_bom)
{
    char path[512], msg[1024], err[256];
    snprintf(path, sizeof path, "%s/bom.conf", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("\xEF\xBB\xBFgamma = 7\n# kept\n", f);
    fclose(f);
    cr_params p, back;
    cr_params_default(&p);
    p.gamma = 3;
    ck_assert_int_eq(tui_save_settings(&p, path, msg, sizeof msg), CR_OK);
    const char *t = slurp(path);
    ck_assert_msg(strncmp(t, "\xEF\xBB\xBFgamma = 3\n", 12) == 0 && !strstr(t, "gamma = 7")
                  && strstr(t, "# kept\n"), "%s", t);
    cr_params_default(&back);
    ck_assert_msg(cr_params_load_file(&back, path, err, sizeof err) == CR_OK, "%s", err);
    ck_assert(back.gamma == 3.0);
}
END_TEST

/* Many TUIs saving one config at once: each one's clean-up of stale
 * temporaries leaves the others' live ones alone, so every save succeeds
 * (before: 14 of 120 failed with "No such file or directory").  A stale
 * temporary (no writer holds it) still goes. */
START_TEST(test_concurrent_saves)
{
    enum { SAVERS = 40, SAVES = 5 };
    char path[512], stale[600];
    snprintf(path, sizeof path, "%s/shared.conf", dir);
    snprintf(stale, sizeof stale, "%s.tmpZz9Zz9", path);
    FILE *f = fopen(stale, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    pid_t pids[SAVERS];
    for (int i = 0; i < SAVERS; i++) {
        pids[i] = fork();
        ck_assert_int_ge(pids[i], 0);
        if (pids[i] == 0) {
            int failed = 0;
            for (int k = 0; k < SAVES; k++) {
                char msg[1024];
                cr_params p;
                cr_params_default(&p);
                p.gamma = 1 + i + 0.5 * k;
                if (tui_save_settings(&p, path, msg, sizeof msg) != CR_OK) {
                    fprintf(stderr, "saver %d: %s\n", i, msg);
                    failed++;
                }
            }
            _exit(failed);
        }
    }
    int failed = 0;
    for (int i = 0; i < SAVERS; i++) {
        int status;
        ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
        failed += WIFEXITED(status) ? WEXITSTATUS(status) : SAVES;
    }
    ck_assert_msg(failed == 0, "%d of %d saves failed", failed, SAVERS * SAVES);
    ck_assert_int_ne(access(stale, F_OK), 0);
    cr_params back;
    char err[256];
    cr_params_default(&back);
    ck_assert_msg(cr_params_load_file(&back, path, err, sizeof err) == CR_OK, "%s", err);
}
END_TEST

/* `s` keeps what the file was: a read-only (0444) config is refused and
 * stays; the mode of a writable one stays (0640); as root, the owner
 * stays; a link, also a dangling relative one, is followed to its target
 * and stays a link. */
START_TEST(test_save_keeps_mode_owner_links)
{
    char path[512], link_path[512], msg[1024];
    struct stat st;
    cr_params p;
    cr_params_default(&p);
    snprintf(path, sizeof path, "%s/ro.conf", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("gamma = 7\n", f);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0444), 0);
    ck_assert_int_ne(tui_save_settings(&p, path, msg, sizeof msg), CR_OK);
    ck_assert_msg(strstr(msg, "read-only") != NULL, "%s", msg);
    ck_assert_str_eq(slurp(path), "gamma = 7\n");

    ck_assert_int_eq(chmod(path, 0640), 0);
    if (geteuid() == 0)
        ck_assert_int_eq(chown(path, 4321, 4322), 0);
    ck_assert_int_eq(tui_save_settings(&p, path, msg, sizeof msg), CR_OK);
    ck_assert(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
    if (geteuid() == 0)
        ck_assert_msg(st.st_uid == 4321 && st.st_gid == 4322, "owner %ld:%ld",
                      (long)st.st_uid, (long)st.st_gid);

    /* conf -> sub/real.conf, which does not exist yet */
    snprintf(link_path, sizeof link_path, "%s/dangling.conf", dir);
    ck_assert_int_eq(symlink("sub/real.conf", link_path), 0);
    ck_assert_int_eq(tui_save_settings(&p, link_path, msg, sizeof msg), CR_OK);
    ck_assert(lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode));
    snprintf(path, sizeof path, "%s/sub/real.conf", dir);
    ck_assert(stat(path, &st) == 0 && S_ISREG(st.st_mode));
    ck_assert_msg(strstr(slurp(path), "gamma = 5\n") != NULL, "%s", slurp(path));
}
END_TEST

static Suite *files_suite(void)
{
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_replace_and_no_clobber);
    tcase_add_test(tc, test_only_regular_files_are_replaced);
    tcase_add_test(tc, test_save_keeps_comments);
    tcase_add_test(tc, test_save_levels_and_coupling);
    tcase_add_test(tc, test_save_after_bom);
    tcase_add_test(tc, test_concurrent_saves);
    tcase_add_test(tc, test_save_keeps_mode_owner_links);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(files_suite());
}
