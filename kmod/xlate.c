// SPDX-License-Identifier: GPL-2.0
/* memshare: address translation (stub, being written). */
#include "memshare.h"

u32 ms_pt_levels(void)
{
	return PTRS_PER_P4D > 1 ? 5 : 4;
}

int ms_xlate(struct file *file, struct memshare_xlate *x)
{
	return -EOPNOTSUPP;
}
