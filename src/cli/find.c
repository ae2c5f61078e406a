/*
 * find.c — the files a name stands for: a preset (NAME.conf) or a lecture
 * (NAME.lecture), looked up in its environment variable's directory, then
 * where `make install` put the shipped ones.  A name with a slash, or with
 * the suffix, is a path and is taken as given.
 */
#include "config.h"

#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* NAME in $ENV, then in DATADIR/SUBDIR, with SUFFIX; NULL if nowhere (the
 * caller says so).  The loader refuses what is not a regular file. */
static char *find_data(const char *name, const char *suffix, const char *env,
                       const char *installed)
{
    size_t len = strlen(name), sl = strlen(suffix);
    struct stat st;
    if (strchr(name, '/') != NULL || (len > sl && strcmp(name + len - sl, suffix) == 0))
        return stat(name, &st) == 0 ? strdup(name) : NULL;
    const char *dirs[2] = { getenv(env), installed };
    for (int i = 0; i < 2; i++) {
        if (dirs[i] == NULL || *dirs[i] == '\0')
            continue;
        size_t n = strlen(dirs[i]) + len + sl + 2;
        char *path = malloc(n);
        if (path == NULL)
            return NULL;
        snprintf(path, n, "%s/%s%s", dirs[i], name, suffix);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return path;
        free(path);
    }
    return NULL;
}

char *cli_find_preset(const char *name)
{
    return find_data(name, ".conf", "COLRES_PRESET_DIR", COLRES_DATADIR "/presets");
}

char *cli_find_lecture(const char *name)
{
    return find_data(name, ".lecture", "COLRES_LECTURE_DIR", COLRES_DATADIR "/lectures");
}
