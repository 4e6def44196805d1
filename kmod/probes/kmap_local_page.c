// SPDX-License-Identifier: GPL-2.0
/* 5.11: kmap_local_page()/kunmap_local(), the CPU-local, preemptible kmap. */
#include <linux/highmem.h>

u8 probe(struct page *page);
u8 probe(struct page *page)
{
	u8 *p = kmap_local_page(page);
	u8 v = *p;

	kunmap_local(p);
	return v;
}
