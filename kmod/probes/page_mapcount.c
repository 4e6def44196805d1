// SPDX-License-Identifier: GPL-2.0
/* page_mapcount(): the per-page mapcount, gone in 6.12 (folio mapcounts). */
#include <linux/mm.h>

int probe(struct page *page);
int probe(struct page *page)
{
	return page_mapcount(page);
}
