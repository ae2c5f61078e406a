/* textfile.c — the one opener of text inputs (colres/textfile.h). */
#include "config.h"

#include "colres/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colres/status.h"

static const char *kind(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a directory"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISSOCK(m) ? "a socket" : "not a file";
}

int cr_text_file_read(const char *path, size_t max, char **text, size_t *len, char *err,
                      size_t errlen)
{
    *text = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; anything but
     * a regular file is refused before a byte is read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return cr_error(err, errlen, CR_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return cr_error(err, errlen, CR_EIO, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return cr_error(err, errlen, CR_EINVAL, "%s: not a regular file (%s)", path,
                        kind(st.st_mode));
    }
    char *buf = malloc(max + 2);
    if (buf == NULL) {
        close(fd);
        return cr_error(err, errlen, CR_ENOMEM, "%s: out of memory", path);
    }
    /* One byte more than max tells a file that is too large. */
    size_t n = 0;
    while (n <= max) {
        ssize_t r = read(fd, buf + n, max + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(buf);
            return cr_error(err, errlen, CR_EIO, "%s: read error: %s", path, strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max) {
        free(buf);
        return cr_error(err, errlen, CR_EINVAL, "%s: larger than %zu bytes; not a config file",
                        path, max);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return CR_OK;
}
