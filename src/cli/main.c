/* main.c — colres entry point: dispatch to a command, or start the TUI. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "colres/status.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    { "tui",        cmd_tui,        "the interactive terminal UI (default)" },
    { "map",        cmd_map,        "the scattering map S (Eq. 17) as CSV" },
    { "steady",     cmd_steady,     "the steady state (Eq. 9) as CSV" },
    { "sweep",      cmd_sweep,      "steady state along one parameter" },
    { "heatmap",    cmd_heatmap,    "|rho01| of the steady state over two parameters" },
    { "trajectory", cmd_trajectory, "one seeded Poissonian trajectory (Eq. 5)" },
    { "evolve",     cmd_evolve,     "the mean evolution exp(Lt) rho(0)" },
    { "ensemble",   cmd_ensemble,   "K trajectories: mean and standard error at N times" },
    { "snapshot",   cmd_snapshot,   "one frame of the TUI as text, no terminal needed" },
    { "units",      cmd_units,      "physical units to dimensionless parameters" },
    { "validity",   cmd_validity,   "where the model stops being physical (eigenvalues)" },
    { "amplitudes", cmd_amplitudes, "the scattering amplitudes s(E) as CSV" },
    { "bench",      cmd_bench,      "measure the performance figures" },
    { "figure",     cmd_figure,     "the paper's figures as a gnuplot script or SVG/PDF/PNG" },
    { NULL, NULL, NULL },
};

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: colres [COMMAND] [OPTIONS]\n"
            "Watch a qubit thermalize (or fail to) in a collisional reservoir.\n"
            "With no command, colres starts the interactive terminal UI.\n\n"
            "Commands:\n");
    for (const command *c = commands; c->name != NULL; c++)
        fprintf(f, "  %-11s %s\n", c->name, c->summary);
    fprintf(f,
            "\n`colres COMMAND --help` lists a command's options; every command\n"
            "accepts the parameters --gamma --delta --dx --beta --mass --lambda\n"
            "--length --x0, --levels E0,E1,... --coupling ROWS,\n"
            "--amplitudes approx|exact, --preset and --config.\n"
            "See colres(1).\n");
}

/* The commands listed from the table, the default (the TUI, first in
 * the table) last. */
static void unknown_command(const char *name)
{
    fprintf(stderr, "colres: unknown command \"%s\" (commands: ", name);
    int n = 0;
    for (const command *c = commands + 1; c->name != NULL; c++, n++)
        fprintf(stderr, "%s%s", n > 0 ? ", " : "", c->name);
    fprintf(stderr, ", %s; see colres --help)\n", commands[0].name);
}

int main(int argc, char **argv)
{
    /* Only LC_CTYPE follows the environment: LC_NUMERIC stays "C" so that
     * CSV numbers always use '.' (a German locale would write 0,5). */
    setlocale(LC_CTYPE, "");
    cr_init();

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return CLI_OK;
    }
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        printf("colres %s\n", PACKAGE_VERSION);
        return CLI_OK;
    }
    if (argc < 2 || argv[1][0] == '-') {
        /* Options only: the TUI.  Its messages name it "tui", as
         * `colres tui --help` does, not the path the shell ran. */
        static char tui_name[] = "tui";
        argv[0] = tui_name;
        return cmd_tui(argc, argv);
    }
    for (const command *c = commands; c->name != NULL; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    unknown_command(argv[1]);
    return CLI_USAGE;
}
