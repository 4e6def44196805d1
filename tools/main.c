// SPDX-License-Identifier: MIT
/* memshare(1): see cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
