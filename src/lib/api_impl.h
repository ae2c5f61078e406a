/* api_impl.h — what the files of colres/colres.h's implementation share
 * (api.c: the handle, parameters, single computations; api_sweep.c: sweeps
 * and heat maps).  Not installed. */
#ifndef COLRES_API_IMPL_H
#define COLRES_API_IMPL_H

#include <signal.h>
#include <stddef.h>

#include "colres/colres.h"
#include "colres/nlevel.h"
#include "colres/smap.h"

struct cr_model {
    cr_params p;
    int dephase;                  /* every map is D.S */
    int threads;                  /* 0: one per CPU */
    volatile sig_atomic_t cancel;
    cr_smap_workspace *ws;        /* the qubit's map, allocated on first use */
    cr_map q;                     /* the qubit's map of the last map_of() */
    cr_nmap S;                    /* the map of the last map_of(), any N */
    char err[512];
};

/* Start of every call: no message yet.  Returns m. */
cr_model *cr_api_begin(cr_model *m);

/* One line into m's message; returns st. */
#define FAIL(m, st, ...) cr_error((m)->err, sizeof (m)->err, (st), __VA_ARGS__)

/* "rough-s" -> "rough_s" into buf; NULL if name is NULL or too long. */
const char *cr_api_param_name(const char *name, char *buf, size_t len);

#endif
