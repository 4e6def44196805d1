// SPDX-License-Identifier: GPL-2.0
/* 5.11: kmap_local_page() */
#include <linux/highmem.h>

void probe(struct page *page);
void probe(struct page *page)
{
	void *p = kmap_local_page(page);

	kunmap_local(p);
}
