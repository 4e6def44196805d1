// SPDX-License-Identifier: GPL-2.0
/* 6.16: alloc_contig_range()'s third argument is acr_flags_t alloc_flags
 * (ACR_FLAGS_NONE, ACR_FLAGS_CMA) instead of a migratetype (MIGRATE_MOVABLE,
 * MIGRATE_CMA).
 */
#include <linux/gfp.h>

int probe(unsigned long pfn, unsigned long nr);
int probe(unsigned long pfn, unsigned long nr)
{
	acr_flags_t flags = ACR_FLAGS_NONE;

	return alloc_contig_range(pfn, pfn + nr, flags, GFP_KERNEL);
}
