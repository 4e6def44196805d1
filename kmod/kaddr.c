// SPDX-License-Identifier: GPL-2.0
/* memshare: kernel address classification (stub, being written). */
#include "memshare.h"

int ms_kaddr(struct file *file, struct memshare_kaddr *k)
{
	return -EOPNOTSUPP;
}
