// SPDX-License-Identifier: GPL-2.0
/* alloc_contig_range(start, end, migratetype, gfp): CONFIG_CONTIG_ALLOC
 * (CMA or memory hotplug), exported to modules.
 */
#include <linux/gfp.h>

int probe(unsigned long pfn, unsigned long nr);
int probe(unsigned long pfn, unsigned long nr)
{
	int (*fn)(unsigned long, unsigned long, unsigned int, gfp_t) =
		alloc_contig_range;

	return fn(pfn, pfn + nr, MIGRATE_MOVABLE, GFP_KERNEL);
}
