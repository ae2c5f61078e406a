/* files.c — whole-or-nothing file writes and the saved settings (files.h). */
#include "config.h"

#include "files.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

int tui_resolve_link(const char *path, char *out, size_t outlen)
{
    char cur[PATH_MAX], target[PATH_MAX];
    if ((size_t)snprintf(cur, sizeof cur, "%s", path) >= sizeof cur)
        return -1;
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            break; /* not a link (or nothing there yet): write here */
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0 || hops == 40) {
            errno = n < 0 ? errno : ELOOP;
            return -1;
        }
        target[n] = '\0';
        char *slash = strrchr(cur, '/');
        if (target[0] == '/' || slash == NULL) {
            memcpy(cur, target, (size_t)n + 1);
        } else {
            /* relative to the link's directory */
            slash[1] = '\0';
            if (strlen(cur) + (size_t)n >= sizeof cur) {
                errno = ENAMETOOLONG;
                return -1;
            }
            memcpy(cur + strlen(cur), target, (size_t)n + 1);
        }
    }
    if ((size_t)snprintf(out, outlen, "%s", cur) >= outlen) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* A temporary file beside path, locked (flock) for as long as *lockfd is
 * open, so that remove_stale_temporaries() of another process never takes
 * it: the lock is taken, then the name is checked to still exist (a
 * clean-up between mkstemp and flock removed it: try again). */
static int make_temporary(const char *path, char *tmp, size_t tmplen, int *lockfd)
{
    for (int attempt = 0; attempt < 8; attempt++) {
        if ((size_t)snprintf(tmp, tmplen, "%s.tmpXXXXXX", path) >= tmplen) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = mkstemp(tmp);
        if (fd < 0)
            return -1;
        struct stat st;
        /* A file system without locks: no clean-up can lock it either
         * (remove_stale_temporaries), so it is safe unlocked. */
        int locked = flock(fd, LOCK_EX) == 0;
        if ((!locked && errno != ENOLCK && errno != EOPNOTSUPP && errno != ENOSYS)
            || fstat(fd, &st) != 0) {
            int e = errno;
            close(fd);
            unlink(tmp);
            errno = e;
            return -1;
        }
        if (st.st_nlink > 0) {
            *lockfd = dup(fd);
            if (*lockfd >= 0)
                return fd;
            int e = errno;
            close(fd);
            unlink(tmp);
            errno = e;
            return -1;
        }
        close(fd);
    }
    errno = EBUSY;
    return -1;
}

/* A replaced file's mode and owner stay: a read-only file (no write bit,
 * or not writable by us) is refused, even for root ... */
static int refuse_read_only(const char *path, const struct stat *st, char *err, size_t errlen)
{
    if ((st->st_mode & 0222) == 0 || access(path, W_OK) != 0)
        return cr_error(err, errlen, CR_EIO, "%s: read-only (mode %04o); not replaced", path,
                        (unsigned)(st->st_mode & 07777));
    return CR_OK;
}

/* ... and the new file gets the old one's owner (only root can give it
 * when they differ; anyone else is refused rather than take it over,
 * but keeps their own file when only its group cannot be given). */
static int keep_owner(const char *path, const struct stat *st, int fd, char *err,
                      size_t errlen)
{
    if ((st->st_uid != geteuid() || st->st_gid != getegid())
        && fchown(fd, st->st_uid, st->st_gid) != 0 && st->st_uid != geteuid())
        return cr_error(err, errlen, CR_EIO, "%s: cannot keep its owner %ld:%ld (%s); "
                        "not replaced", path, (long)st->st_uid, (long)st->st_gid,
                        strerror(errno));
    return CR_OK;
}

int tui_write_file(const char *path, int replace, tui_writer fn, const void *ctx,
                   char *err, size_t errlen)
{
    char target[PATH_MAX], tmp[PATH_MAX + 16];
    struct stat st;
    /* a dotfiles manager's link, even one to a file not yet there: write
     * where it points */
    if (tui_resolve_link(path, target, sizeof target) != 0)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(errno));
    path = target;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return cr_error(err, errlen, CR_EIO, "%s: not a regular file; not replaced", path);
    if (exists && !replace)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(EEXIST));
    if (exists && refuse_read_only(path, &st, err, errlen) != CR_OK)
        return CR_EIO;
    mode_t mode = exists ? st.st_mode & 07777 : new_file_mode();
    int lockfd = -1;
    int fd = make_temporary(path, tmp, sizeof tmp, &lockfd);
    if (fd < 0)
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(errno));
    if (exists && keep_owner(path, &st, fd, err, errlen) != CR_OK) {
        close(fd);
        unlink(tmp);
        close(lockfd);
        return CR_EIO;
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int e = errno;
        close(fd);
        unlink(tmp);
        close(lockfd);
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
    close(lockfd); /* the lock goes only now that the name is gone */
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
    while (i < n && isspace((unsigned char)line[i]))
        i++;
    while (i < n && line[i] != '=' && !isspace((unsigned char)line[i]) && line[i] != '#'
           && k + 1 < keylen)
        key[k++] = line[i++];
    key[k] = '\0';
    while (i < n && isspace((unsigned char)line[i]))
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
    /* The old file, line by line, each known key's value replaced; its
     * UTF-8 byte order mark stays, and is no part of the first key (as
     * for the loader, cr_params_load_text). */
    const char *l = st->old;
    if (l != NULL && strncmp(l, "\xEF\xBB\xBF", 3) == 0) {
        fputs("\xEF\xBB\xBF", f);
        l += 3;
    }
    while (l != NULL && *l != '\0') {
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

/* Temporary files of a save that SIGKILL interrupted: PATH.tmpXXXXXX that
 * no live save holds locked (make_temporary); another TUI's save in
 * progress keeps its lock, so its file stays. */
static void remove_stale_temporaries(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    if (slash != NULL)
        *slash = '\0';
    const char *dname = slash != NULL ? (dir[0] ? dir : "/") : ".";
    DIR *d = opendir(dname);
    if (d == NULL)
        return;
    size_t bl = strlen(base);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strncmp(e->d_name, base, bl) != 0 || strncmp(e->d_name + bl, ".tmp", 4) != 0
            || strlen(e->d_name + bl) != 10)
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(d), e->d_name, 0); /* its writer is gone */
        close(fd);
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
    char target[PATH_MAX];
    if (tui_resolve_link(path, target, sizeof target) != 0)
        return cr_error(msg, msglen, CR_EIO, "cannot save the settings: %s: %s", path,
                        strerror(errno));
    const char *named = path;
    path = target; /* a link's target, made beside it */
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
    snprintf(msg, msglen, "saved the parameters to %s", named);
    return CR_OK;
}
