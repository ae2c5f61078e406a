/* words.c — ASCII spellings and the sliders' words (view/words.h). */
#include "config.h"

#include "view/words.h"

#include <ctype.h>
#include <string.h>

#include "colres/params.h"

static const struct { const char *utf8, *ascii; } spell[] = {
    { "Γ", "G" },    { "Δx", "dx" },  { "Δ", "del" },  { "ρ", "rho" },  { "β", "beta" }, { "λ", "lam" },
    { "ħ", "hbar" }, { "ω", "omega" },{ "π", "pi" },   { "μ", "u" },    { "ε", "eps" },
    { "ℒ", "L" },    { "≈", "~" },    { "∝", "~" },    { "≥", ">=" },   { "≤", "<=" },
    { "≪", "<<" },   { "≫", ">>" },   { "≳", ">~" },   { "≲", "<~" },   { "≠", "!=" },
    { "→", "->" },   { "←", "<-" },   { "↑", "^" },    { "↓", "v" },    { "·", "." },
    { "×", "x" },    { "−", "-" },    { "–", "-" },    { "—", "--" },   { "…", "..." },
    { "½", "1/2" },  { "²", "^2" },   { "⁹", "^9" },   { "⁻", "^-" },   { "₁", "1" },
    { "σ", "sigma_" }, { "‖", "||" },   { "√", "sqrt" }, { "Σ", "sum" },  { "°", " deg" }, { "’", "'" },
};

char *cr_words_ascii(const char *in, char *out, size_t n)
{
    size_t len = 0;
    int spelled = 0; /* the last output came from a spelling */
    if (n == 0)
        return out;
    while (*in != '\0') {
        const char *add = NULL;
        size_t used = 1;
        int word = 0;
        char one[2] = { *in, '\0' };
        if ((unsigned char)*in < 0x80) {
            add = one;
        } else {
            for (size_t i = 0; i < sizeof spell / sizeof spell[0] && add == NULL; i++) {
                size_t k = strlen(spell[i].utf8);
                if (strncmp(in, spell[i].utf8, k) == 0)
                    add = spell[i].ascii, used = k, word = 1;
            }
            if (add == NULL) { /* skip the whole character */
                add = "?";
                while ((unsigned char)in[used] >= 0x80 && ((unsigned char)in[used] & 0xC0) == 0x80)
                    used++;
            }
        }
        /* βΔ: "beta*del", not "betadel". */
        int star = word && spelled && len > 0 && isalpha((unsigned char)out[len - 1])
                   && isalpha((unsigned char)add[0]);
        size_t k = strlen(add);
        if (len + k + (size_t)star >= n)
            break;
        if (star)
            out[len++] = '*';
        spelled = word;
        memcpy(out + len, add, k);
        len += k;
        in += used;
    }
    out[len] = '\0';
    return out;
}

const char *cr_words_param_name(int id)
{
    switch (id) {
    case CR_P_GAMMA: return "collision rate";
    case CR_P_DELTA: return "level spacing";
    case CR_P_DX:    return "packet width";
    case CR_P_BETA:  return "inverse temperature";
    case CR_P_MASS:  return "particle mass";
    default:         return "";
    }
}

const char *cr_words_param_meaning(int id)
{
    switch (id) {
    case CR_P_GAMMA:
        return "Γ collision rate: how many particles hit the qubit per unit time";
    case CR_P_DELTA:
        return "Δ level spacing: the qubit's energy gap; ρ01 turns at Δ/ħ between collisions";
    case CR_P_DX:
        return "Δx packet width: how wide each particle's wave packet is";
    case CR_P_BETA:
        return "β inverse temperature: 1/(k_B T) of the gas; small β is hot";
    case CR_P_MASS:
        return "m particle mass: heavier particles are slower at the same temperature";
    default:
        return "";
    }
}
