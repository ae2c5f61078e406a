/* status.c — status codes and the one-line error helper. */
#include "config.h"

#include "colres/status.h"

#include <stdarg.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

const char *cr_status_str(int status)
{
    switch (status) {
#define CR_STATUS_CASE_(name, value, text) case name: return text;
        CR_STATUS_TABLE(CR_STATUS_CASE_)
#undef CR_STATUS_CASE_
    default:
        return "unknown error";
    }
}

int cr_error(char *err, size_t errlen, int status, const char *fmt, ...)
{
    if (err != NULL && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return status;
}

void cr_init(void)
{
    /* GSL's default handler abort()s, which would leave a terminal broken;
     * every GSL status is checked by the caller instead. */
    gsl_set_error_handler_off();
}
