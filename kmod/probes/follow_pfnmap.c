// SPDX-License-Identifier: GPL-2.0
/* 6.12: follow_pfnmap_start()/follow_pfnmap_end() replace follow_pfn(). */
#include <linux/mm.h>

unsigned long probe(struct vm_area_struct *vma, unsigned long addr);
unsigned long probe(struct vm_area_struct *vma, unsigned long addr)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	unsigned long pfn;

	if (follow_pfnmap_start(&args))
		return 0;
	pfn = args.pfn;
	follow_pfnmap_end(&args);
	return pfn;
}
