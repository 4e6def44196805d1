// SPDX-License-Identifier: GPL-2.0
/* 5.16: struct folio, page_folio(), folio_try_get(). */
#include <linux/mm.h>

bool probe(struct page *page);
bool probe(struct page *page)
{
	struct folio *folio = page_folio(page);

	if (!folio_try_get(folio))
		return false;
	folio_put(folio);
	return folio_test_large(folio);
}
