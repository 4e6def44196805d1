// SPDX-License-Identifier: GPL-2.0
/* alloc_contig_range(): the contiguous range allocator (CONFIG_CONTIG_ALLOC,
 * i.e. CMA or memory hotplug), in any of its forms: a function up to 6.9,
 * a macro around the exported alloc_contig_range_noprof() since 6.10
 * (memory allocation profiling), migratetype or (6.16) acr_flags_t third
 * argument (0 is valid for both).  alloc_contig_range.sym: it and
 * walk_iomem_res_desc(), which contig.c uses to find a range, are exported.
 */
#include <linux/gfp.h>

int probe(unsigned long pfn, unsigned long nr);
int probe(unsigned long pfn, unsigned long nr)
{
	return alloc_contig_range(pfn, pfn + nr, 0, GFP_KERNEL);
}
