// SPDX-License-Identifier: GPL-2.0
/* memshare: struct page state (stub, being written). */
#include "memshare.h"

void ms_page_state(struct page *page, struct memshare_page_state *st)
{
	memset(st, 0, sizeof(*st));
}
