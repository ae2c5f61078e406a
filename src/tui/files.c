/* files.c — whole-or-nothing file writes and the saved settings (files.h). */
#include "config.h"

#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/status.h"

/* The mode a new file gets from open(2): 0666 less the umask.  (umask()
 * can only be read by setting it; the TUI's other threads create no
 * files.) */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

static void sync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    int dfd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        /* Some file systems cannot sync a directory; that costs only the
         * durability of the rename. */
        if (fsync(dfd) != 0)
            errno = 0;
        close(dfd);
    }
}

int tui_write_file(const char *path, int replace, tui_writer fn, const void *ctx,
                   char *err, size_t errlen)
{
    char target[PATH_MAX], tmp[PATH_MAX + 16];
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, target) != NULL)
        path = target; /* a dotfiles manager's link: write where it points */
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return cr_error(err, errlen, CR_EIO, "%s: not a regular file; not replaced", path);
    if (exists && !replace)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(EEXIST));
    mode_t mode = exists ? st.st_mode & 07777 : new_file_mode();
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= sizeof tmp)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(ENAMETOOLONG));
    int fd = mkstemp(tmp);
    if (fd < 0)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(e));
    }
    errno = 0;
    int bad = fn(f, ctx) != 0 || ferror(f);
    bad |= fchmod(fd, mode) != 0;
    bad |= fflush(f) != 0 || fsync(fd) != 0;
    bad |= fclose(f) != 0;
    /* replace: rename over the old file; else link(), which fails rather
     * than overwrite a file that appeared meanwhile. */
    if (!bad)
        bad = replace ? rename(tmp, path) != 0 : link(tmp, path) != 0;
    int e = errno;
    if (bad || !replace)
        unlink(tmp);
    if (bad)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(e != 0 ? e : EIO));
    sync_dir_of(path);
    return CR_OK;
}

int tui_make_parent_dirs(const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(ENAMETOOLONG));
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return CR_OK; /* the current directory, or / */
    *slash = '\0';
    for (char *q = dir + 1;; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char c = *q;
        *q = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return cr_error(err, errlen, CR_EIO, "cannot create %s: %s", dir, strerror(errno));
        *q = c;
        if (c == '\0')
            break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cr_error(err, errlen, CR_EIO, "%s: %s", dir, strerror(ENOTDIR));
    return CR_OK;
}

/* ---- the saved settings ---------------------------------------------------- */

typedef struct settings {
    const cr_params *p;
    const char *old;       /* the file as it was, or NULL */
} settings;

/* The key of a "name = value" line ("" for comments and blank lines). */
static void line_key(const char *line, size_t n, char *key, size_t keylen)
{
    size_t i = 0, k = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (i < n && line[i] != '=' && line[i] != ' ' && line[i] != '\t' && line[i] != '#'
           && k + 1 < keylen)
        key[k++] = line[i++];
    key[k] = '\0';
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i >= n || line[i] != '=')
        key[0] = '\0';
}

/* The keys the TUI saves: the numeric parameters (their ids), then
 * amplitudes, levels and coupling; -1 for any other key. */
enum { KEY_AMPLITUDES = CR_P_COUNT, KEY_LEVELS, KEY_COUPLING, KEY_COUNT };
static const char *const extra_keys[] = { "amplitudes", "levels", "coupling" };

static int key_id(const char *key)
{
    for (int k = KEY_AMPLITUDES; k < KEY_COUNT; k++)
        if (strcmp(key, extra_keys[k - KEY_AMPLITUDES]) == 0)
            return k;
    return cr_param_lookup(key);
}

static int write_settings(FILE *f, const void *ctx)
{
    const settings *st = ctx;
    /* An 8×8 complex coupling line alone is about 3.3 kB. */
    char text[8192], done[KEY_COUNT] = { 0 };
    const cr_param_info *t = cr_param_table();
    if (cr_params_format(st->p, text, sizeof text) < 0)
        return -1;
    if (st->old == NULL)
        fputs("# colres settings, saved by the TUI (key s); read at start-up.\n", f);
    /* The old file, line by line, each known key's value replaced. */
    for (const char *l = st->old; l != NULL && *l != '\0';) {
        size_t n = strcspn(l, "\n");
        char key[64];
        line_key(l, n, key, sizeof key);
        int id = key_id(key);
        if (id >= 0 && !done[id]) {
            /* the formatted line for this key, from text (none: the
             * default levels or coupling, and the line goes) */
            const char *name = id >= KEY_AMPLITUDES ? extra_keys[id - KEY_AMPLITUDES] : t[id].name;
            for (const char *m = text; *m != '\0';) {
                size_t mn = strcspn(m, "\n");
                char mkey[64];
                line_key(m, mn, mkey, sizeof mkey);
                if (strcmp(mkey, name) == 0)
                    fprintf(f, "%.*s\n", (int)mn, m);
                m += mn + (m[mn] == '\n');
            }
            done[id] = 1;
        } else if (id < 0) {
            fprintf(f, "%.*s\n", (int)n, l); /* comments and others stay */
        }
        l += n + (l[n] == '\n');
    }
    /* Keys the old file did not have. */
    for (const char *m = text; *m != '\0';) {
        size_t mn = strcspn(m, "\n");
        char mkey[64];
        line_key(m, mn, mkey, sizeof mkey);
        int id = key_id(mkey);
        if (id >= 0 && !done[id])
            fprintf(f, "%.*s\n", (int)mn, m);
        m += mn + (m[mn] == '\n');
    }
    return 0;
}

/* Temporary files of a save that SIGKILL interrupted: PATH.tmpXXXXXX. */
static void remove_stale_temporaries(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    if (slash != NULL)
        *slash = '\0';
    DIR *d = opendir(slash != NULL ? (dir[0] ? dir : "/") : ".");
    if (d == NULL)
        return;
    size_t bl = strlen(base);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strncmp(e->d_name, base, bl) == 0 && strncmp(e->d_name + bl, ".tmp", 4) == 0
            && strlen(e->d_name + bl) == 10) {
            char full[PATH_MAX + 256];
            snprintf(full, sizeof full, "%s/%s", slash != NULL ? dir : ".", e->d_name);
            unlink(full);
        }
    }
    closedir(d);
}

static char *read_small_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 1 << 20)
        return NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf != NULL ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (buf != NULL)
        buf[n] = '\0';
    return buf;
}

int tui_save_settings(const cr_params *p, const char *path, char *msg, size_t msglen)
{
    char err[PATH_MAX + 128];
    if (path == NULL || path[0] == '\0')
        return cr_error(msg, msglen, CR_EIO, "cannot save: no config file to name "
                        "(set HOME or XDG_CONFIG_HOME, or start with --config FILE)");
    int st = tui_make_parent_dirs(path, err, sizeof err);
    settings s = { p, NULL };
    if (st == CR_OK) {
        remove_stale_temporaries(path);
        s.old = read_small_file(path);
        st = tui_write_file(path, 1, write_settings, &s, err, sizeof err);
        free((char *)s.old);
    }
    if (st != CR_OK)
        return cr_error(msg, msglen, st, "cannot save the settings: %s", err);
    snprintf(msg, msglen, "saved the parameters to %s", path);
    return CR_OK;
}
