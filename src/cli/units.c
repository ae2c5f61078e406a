/* Temporary: the units calculator is being written. */
#include "config.h"
#include "cli.h"
int cmd_units(int argc, char **argv)
{
    (void)argc; (void)argv;
    return cli_error("units: not built yet");
}
