/*
 * frame_boxes.c — the help overlay and the physical-units panel drawn over
 * the TUI frame (frame_boxes.h, colres/frame.h).
 */
#include "config.h"

#include "frame_parts.h"

#include <stdio.h>

#include "colres/units.h"

/* UTF-8 or ASCII spelling of a label. */
int cr_frame_help_rows(int height)
{
    return height < CR_FRAME_MIN_H ? 0 : height - 4;
}

/* A centred box of w × h cells (clamped to the canvas); returns its
 * top-left corner. */
static void overlay_box_at(cr_canvas *c, int w, int h, const char *title, int top,
                           int *x0, int *y0)
{
    if (w > c->width - 2)
        w = c->width - 2;
    if (h > c->height - 2)
        h = c->height - 2;
    *x0 = (c->width - w) / 2;
    *y0 = top ? 0 : (c->height - h) / 2;
    cr_canvas_fill(c, *x0, *y0, w, h, ' ', CR_ROLE_TEXT);
    cr_canvas_box(c, *x0, *y0, w, h, CR_ROLE_BORDER, title);
}

static void overlay_box(cr_canvas *c, int w, int h, const char *title, int *x0, int *y0)
{
    overlay_box_at(c, w, h, title, 0, x0, y0);
}

void cr_frame_draw_help(const cr_view *v, cr_canvas *c)
{
    int w = 0, rows = cr_frame_help_rows(c->height), top = v->help_top;
    int x0, y0;
    char title[64] = "help";

    for (int i = 0; i < v->help_n; i++) {
        char a[512];
        int lw = cr_text_width(cr_frame_words(v, v->help[i] ? v->help[i] : "", a, sizeof a));
        if (lw > w)
            w = lw;
    }
    w += 4;
    if (w < 24)
        w = 24;
    if (rows > v->help_n)
        rows = v->help_n;
    if (top > v->help_n - rows)
        top = v->help_n - rows;
    if (top < 0)
        top = 0;
    if (rows < v->help_n)
        snprintf(title, sizeof title, "help %d-%d of %d, PgDn/PgUp scroll",
                 top + 1, top + rows, v->help_n);
    overlay_box(c, w, rows + 2, title, &x0, &y0);
    for (int i = 0; i < rows; i++) {
        char a[512]; /* in ASCII spelled out: Δ "del", never the dephasing D */
        const char *l = cr_frame_words(v, v->help[top + i] ? v->help[top + i] : "", a, sizeof a);
        cr_canvas_text(c, x0 + 2, y0 + 1 + i, c->width - 2 * x0 - 4, l, CR_ROLE_TEXT);
    }
}

/* One "label  value  note" row of the units panel, in fixed columns. */
/* Every warning whole, wrapped, then where the model stops being
 * physical, in words with its numbers, then where each is explained. */
void cr_frame_draw_warnings(const cr_view *v, cr_canvas *c)
{
    int w = c->width - 4 < 76 ? c->width - 4 : 76, tw = w - 4;
    char lines[4][160];
    int nl = 0;
    if (v->have_validity) { /* the numbers behind the model's limits */
        const cr_validity *q = &v->validity;
        snprintf(lines[nl++], sizeof lines[0], "smallest eigenvalue of the packet state %.3g, "
                 "of the Choi matrix of S %.3g, of the steady state %.3g",
                 q->packet_min, q->choi_min, q->steady_min);
        snprintf(lines[nl++], sizeof lines[0], "Wigner criterion 4%s%s%s(m/%s) = %.3g "
                 "(valid: at least 1)", cr_frame_sym(v, "π", "pi*"), cr_frame_sym(v, "Δx", "dx"),
                 cr_frame_sym(v, "√", "*sqrt"), cr_frame_sym(v, "β", "beta"), q->wigner);
    }
    static const char foot[] = "The README explains each one: \"Errors and limits\" and "
                               "\"When the model stops being physical\".";
    int need = v->nwarn == 0 ? 1 : 0;
    for (int i = 0; i < v->nwarn; i++)
        need += cr_canvas_wrap(NULL, 0, 0, tw - 2, 0, v->warnings[i], CR_ROLE_WARNING);
    int vrows = nl > 0 ? 1 : 0;
    for (int i = 0; i < nl; i++)
        vrows += cr_canvas_wrap(NULL, 0, 0, tw - 2, 0, lines[i], CR_ROLE_TEXT);
    int frows = cr_canvas_wrap(NULL, 0, 0, tw, 0, foot, CR_ROLE_DIM);
    int x0, y0, h = need + (vrows ? vrows + 1 : 0) + 1 + frows + 2;
    overlay_box(c, w, h, "warnings (any key closes)", &x0, &y0);
    int y = y0 + 1, end = y0 + h - 1;
    if (v->nwarn == 0)
        cr_canvas_text(c, x0 + 2, y++, tw, "no warnings at these parameters", CR_ROLE_DIM);
    for (int i = 0; i < v->nwarn && y < end; i++) {
        cr_canvas_put(c, x0 + 2, y, '!', CR_ROLE_WARNING);
        y += cr_canvas_wrap(c, x0 + 4, y, tw - 2, end - y, v->warnings[i], CR_ROLE_WARNING);
    }
    if (vrows && y + 1 < end) {
        y++;
        y += cr_canvas_wrap(c, x0 + 2, y, tw, end - y,
                            "Where the model stops being physical (negative: it has):",
                            CR_ROLE_TEXT);
        for (int i = 0; i < nl && y < end; i++)
            y += cr_canvas_wrap(c, x0 + 4, y, tw - 2, end - y, lines[i], CR_ROLE_TEXT);
    }
    if (y + 1 < end)
        cr_canvas_wrap(c, x0 + 2, y + 1, tw, end - y - 1, foot, CR_ROLE_DIM);
}

static void units_row(cr_canvas *c, int x, int y, int w, int role,
                      const char *label, double value, const char *note)
{
    cr_canvas_text(c, x + 1, y, 17, label, role);
    cr_canvas_printf(c, x + 19, y, 10, role, "%.3g", value);
    cr_canvas_text(c, x + 30, y, w - 30, note, role);
}

/* The physical-units calculator for the paper's closing example
 * (colres/units.h): the experiment, the dimensionless
 * parameters it gives, and the conditions and estimate of Eq. 24. */
void cr_frame_draw_units(const cr_view *v, cr_canvas *c)
{
    const cr_units_input *in = &v->units_in;
    const cr_units_result *u = &v->units;
    const cr_params *q = &u->params;
    int x0, y0, y, w = c->width - 6 < 74 ? c->width - 6 : 74, tw;

    /* In a lecture at the top, so that the scene's words below stay read. */
    overlay_box_at(c, w, 17, "physical units: the paper's closing example", v->scene_n > 0,
                   &x0, &y0);
    x0 += 2;
    tw = w - 4;
    y = y0 + 1;
    if (!v->have_units) {
        cr_canvas_text(c, x0, y, tw, "no conversion", CR_ROLE_ERROR);
        return;
    }
    cr_canvas_printf(c, x0, y++, tw, CR_ROLE_TITLE, "experiment (SI)");
    cr_canvas_printf(c, x0, y++, tw, CR_ROLE_TEXT,
                     " %s %.3g rad/s   T %.4g K   m %.6g u (%.4g proton masses)",
                     cr_frame_sym(v, "ω", "omega"), in->omega, in->temperature,
                     in->mass_amu, in->mass_amu * CR_AMU / CR_MASS_PROTON);
    cr_canvas_printf(c, x0, y++, tw, CR_ROLE_TEXT,
                     " %s %.4g nm   L %.4g nm   %s %.3g /s   s %.3g",
                     cr_frame_sym(v, "Δx", "dx"), in->dx_nm,
                     in->length_nm > 0 ? in->length_nm : in->dx_nm,
                     cr_frame_sym(v, "Γ", "Gamma"), in->rate, in->rough_s);
    cr_canvas_printf(c, x0, y++, tw, CR_ROLE_TITLE,
                     "dimensionless (%s = k_B = 1, energy %s/%.3g, length %s)",
                     cr_frame_sym(v, "ħ", "hbar"), cr_frame_sym(v, "ħω", "hbar*omega"),
                     in->delta_ref, cr_frame_sym(v, "Δx", "dx"));
    cr_canvas_printf(c, x0, y++, tw, CR_ROLE_TEXT,
                     " %s %.4g  %s %.4g  %s %.4g  %s %.4g  m %.4g  L %.4g",
                     cr_frame_sym(v, "Γ", "G"), q->gamma, cr_frame_sym(v, "Δ", "del"), q->delta,
                     cr_frame_sym(v, "Δx", "dx"), q->dx, cr_frame_sym(v, "β", "beta"), q->beta,
                     q->mass, q->length);
    cr_canvas_printf(c, x0, y++, tw, CR_ROLE_TITLE, "what follows");
    units_row(c, x0, y++, tw, CR_ROLE_TEXT, "exponent", u->exponent,
              cr_frame_sym(v, "βmΔx²ω²/2 (Eq. 24)", "beta*m*dx^2*omega^2/2 (Eq. 24)"));
    units_row(c, x0, y++, tw, u->wigner >= 1 ? CR_ROLE_TEXT : CR_ROLE_WARNING,
              "Wigner", u->wigner,
              u->wigner >= 1 ? cr_frame_sym(v, "4πΔx√(mk_BT)/ħ: valid (>= 1)",
                                   "4*pi*dx*sqrt(m*kT)/hbar: valid (>= 1)")
                             : cr_frame_sym(v, "4πΔx√(mk_BT)/ħ: NOT valid (< 1)",
                                   "4*pi*dx*sqrt(m*kT)/hbar: NOT valid (< 1)"));
    units_row(c, x0, y++, tw,
              u->single_ratio < 0.1 ? CR_ROLE_TEXT : CR_ROLE_WARNING,
              "single particle", u->single_ratio,
              u->single_ratio < 0.1
                  ? cr_frame_sym(v, "ΓL/√(k_BT/m): ok (< 0.1)", "G*L/sqrt(kT/m): ok (< 0.1)")
                  : cr_frame_sym(v, "ΓL/√(k_BT/m): NOT << 1 (>= 0.1)",
                        "G*L/sqrt(kT/m): NOT << 1 (>= 0.1)"));
    units_row(c, x0, y++, tw, CR_ROLE_TEXT, cr_frame_sym(v, "ħω/k_BT", "hbar*omega/kT"),
              u->hbar_omega_kt, cr_frame_sym(v, "= βΔ", "= beta*del"));
    units_row(c, x0, y++, tw, CR_ROLE_TEXT, cr_frame_sym(v, "Γ/ω", "G/omega"),
              u->gamma_omega, "");
    units_row(c, x0, y++, tw, CR_ROLE_ROUGH, cr_frame_sym(v, "rough |ρ01|", "rough |rho01|"),
              u->rough, cr_frame_sym(v, "s²(Γ/ω)e^-exponent (Eq. 24)",
                            "s^2*(G/omega)*exp(-exponent) (Eq. 24)"));
    y++;
    cr_canvas_text(c, x0, y++, tw,
                   "colres units --help converts other numbers", CR_ROLE_DIM);
    cr_canvas_text(c, x0, y, tw,
                   "Enter: apply to the sliders   u / Esc: close", CR_ROLE_HINT);
}
