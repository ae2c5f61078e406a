/* Temporary: replaced by the curses front end. */
#include "config.h"
#include <stdio.h>
#include "../cli/cli.h"
int cmd_tui(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("colres: the interactive terminal UI is not built yet; try `colres --help`\n", stderr);
    return CLI_USAGE;
}
