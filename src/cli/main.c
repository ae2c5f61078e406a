/* main.c — colres entry point: dispatch to a command, or start the TUI. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
    char list[512];
    size_t len = 0;
    for (const command *c = commands + 1; c->name != NULL; c++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s, ", c->name);
    /* cli_error shortens a long name */
    cli_error("unknown command \"%s\" (commands: %s%s; see colres --help)", name, list,
              commands[0].name);
}

/* A closed stdin, stdout or stderr would be the number the next open()
 * returns, and output would go into that file: /dev/null read-only takes
 * the place, so that a write there fails (EBADF) as it should. */
static void keep_std_fds_taken(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", O_RDONLY);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
}

int main(int argc, char **argv)
{
    /* Only LC_CTYPE follows the environment: LC_NUMERIC stays "C" so that
     * CSV numbers always use '.' (a German locale would write 0,5). */
    setlocale(LC_CTYPE, "");
    cr_init();

    keep_std_fds_taken();
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return cli_stdout_check("the help");
    }
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        printf("colres %s\n", PACKAGE_VERSION);
        return cli_stdout_check("the version");
    }
    if (argc < 2 || argv[1][0] == '-') {
        /* Options only: the TUI.  Its messages name it "tui", as
         * `colres tui --help` does, not the path the shell ran. */
        static char tui_name[] = "tui";
        argv[0] = tui_name;
        int rc = cmd_tui(argc, argv);
        int out = cli_stdout_check("the output");
        return rc != CLI_OK ? rc : out;
    }
    for (const command *c = commands; c->name != NULL; c++)
        if (strcmp(argv[1], c->name) == 0) {
            int rc = c->run(argc - 1, argv + 1);
            /* what went through printf (help, bench) */
            int out = cli_stdout_check("the output");
            return rc != CLI_OK ? rc : out;
        }
    unknown_command(argv[1]);
    return CLI_USAGE;
}
