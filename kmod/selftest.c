// SPDX-License-Identifier: GPL-2.0
/* memshare: debugfs self-test targets (stub, being written). */
#include "memshare.h"

int ms_selftest_init(void)
{
	return 0;
}

void ms_selftest_exit(void)
{
}
