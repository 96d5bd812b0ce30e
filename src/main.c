/*
** main: luoshi's entry point. Hands argv to the command table in src/cli/cli.c and returns
** its exit status. Nothing else belongs here.
*/
#include "cli/cli.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
