/*
 * view/words.h — the screen's words: UTF-8 text spelled in ASCII where the
 * screen is ASCII (Δ as "del", so that it is never confused with the
 * dephasing D; ρ as "rho", ħ as "hbar", …), and what each slider means.
 *
 * Threads: any (read-only tables).  Errors: none; output is truncated to
 * its buffer, never cut inside a spelling.
 */
#ifndef COLRES_VIEW_WORDS_H
#define COLRES_VIEW_WORDS_H

#include <stddef.h>

/* in spelled in ASCII into out (n bytes, NUL-terminated): the Greek
 * letters and signs colres uses by name, any other non-ASCII as '?'.
 * Returns out. */
char *cr_words_ascii(const char *in, char *out, size_t n);

/* Slider words (enum cr_param_id): a short name ("collision rate") and a
 * one-line meaning for the status line; "" for parameters without. */
const char *cr_words_param_name(int id);
const char *cr_words_param_meaning(int id);

#endif
