/*
 * colres/status.h — status codes shared by every engine module.
 *
 * Contract: engine functions return an int status, CR_OK (0) on success.
 * Those that can fail for a reason a user should read also take a caller
 * buffer (char *err, size_t errlen) and write one line into it, without a
 * trailing newline.  The engine never prints, exits or calls abort().
 * Thread-safe: cr_status_str() returns static constant strings.
 */
#ifndef COLRES_STATUS_H
#define COLRES_STATUS_H

#include <signal.h>
#include <stddef.h>

/* X-macro: code, value, message. One table drives enum and text. */
#define CR_STATUS_TABLE(X)                                             \
    X(CR_OK,        0, "success")                                      \
    X(CR_ENUMERIC,  1, "numerical failure")                            \
    X(CR_EINVAL,    2, "invalid parameter or usage")                   \
    X(CR_ENOMEM,    3, "out of memory")                                \
    X(CR_EIO,       4, "input/output error")                           \
    X(CR_ECANCEL,   5, "cancelled")

enum cr_status {
#define CR_STATUS_ENUM_(name, value, text) name = value,
    CR_STATUS_TABLE(CR_STATUS_ENUM_)
#undef CR_STATUS_ENUM_
};

const char *cr_status_str(int status);

/* Write a formatted one-line message into err (if err != NULL) and return
 * status.  Used by engine modules to report errors as values. */
int cr_error(char *err, size_t errlen, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Disable GSL's abort()ing error handler.  Call once, at start-up, before
 * any thread exists. */
void cr_init(void);


#endif
