// SPDX-License-Identifier: MIT
/* MEMSHARE_XLATE_PAGE without CAP_SYS_ADMIN (uid 1000): the call works but
 * the struct page state is left out (no XF_PAGE, all of it zero), as
 * /proc/kpageflags and /proc/kpagecount are root-only. */
#include "xcheck.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = xc_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 1);
	uint64_t a = (uintptr_t)m, cnt = 0, next = 0;
	static const struct memshare_page_state zero;
	xc_ent e;

	m[0] = 1;
	CHECK_OK(xc_batch_raw(ctl, 0, MEMSHARE_XLATE_PAGE, &a, 1, &e),
		 "XLATE_PAGE batch as uid 1000");
	CHECK(e.flags & MEMSHARE_XF_PRESENT, "own touched page: %s", xc_str(&e));
	CHECK(!(e.flags & MEMSHARE_XF_PAGE), "XF_PAGE set for uid 1000: %s", xc_str(&e));
	CHECK(!memcmp(&e.page, &zero, sizeof(zero)),
	      "page state not zero for uid 1000 (refcount %u, flags %#llx)",
	      e.page.refcount, (unsigned long long)e.page.flags);

	CHECK_OK(xc_range_raw(ctl, 0, MEMSHARE_XLATE_PAGE, a, a + MST_PAGE, &e, 1, &cnt, &next),
		 "XLATE_PAGE range as uid 1000");
	CHECK_EQ(cnt, 1, "extents");
	CHECK(!(e.flags & MEMSHARE_XF_PAGE), "XF_PAGE set in the range form: %s", xc_str(&e));
	CHECK(!memcmp(&e.page, &zero, sizeof(zero)), "range: page state not zero");
	PASS();
}
