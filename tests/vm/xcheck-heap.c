// SPDX-License-Identifier: MIT
/* Triple cross-check, the brk heap: 16 pages got with sbrk(), written.
 * Module, pagemap and a pin agree on every PFN; VMA kind HEAP, the [heap]
 * line of /proc/self/maps, anonymous pages. */
#include "xcheck.h"

#define NP 16

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uintptr_t cur = (uintptr_t)sbrk(0);
	uintptr_t m = (cur + MST_PAGE - 1) & ~(MST_PAGE - 1);
	xc_ent e[NP];

	CHECK(sbrk((intptr_t)(m - cur + NP * MST_PAGE)) != (void *)-1, "sbrk (got -%s)",
	      mst_errname(errno));
	mst_pattern((void *)m, NP * MST_PAGE, 15);
	xc_check(ctl, "heap", (void *)m, NP * MST_PAGE, MEMSHARE_VMA_HEAP, 0, e);
	for (int i = 0; i < NP; i++)
		CHECK(e[i].page.flags & MEMSHARE_PS_ANON, "heap page %d: not PS_ANON", i);
	PASS();
}
