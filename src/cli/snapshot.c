/* Temporary: replaced by the snapshot command. */
#include "config.h"
#include "cli.h"
int cmd_snapshot(int argc, char **argv)
{
    (void)argc; (void)argv;
    return cli_error("snapshot: not built yet");
}
