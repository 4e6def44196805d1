// SPDX-License-Identifier: MIT
/* MEMSHARE_XLATE_READ without CAP_SYS_ADMIN (uid 1000) is -EPERM, even on
 * the caller's own present memory, batch and range forms; the same
 * translation without READ works. */
#include "xcheck.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = xc_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 1);
	uint64_t a = (uintptr_t)m, cnt, next;
	xc_ent e;

	CHECK_ERR(xc_batch_raw(ctl, 0, MEMSHARE_XLATE_READ, &a, 1, &e), EPERM,
		  "XLATE_READ batch as uid 1000");
	CHECK_ERR(xc_range_raw(ctl, 0, MEMSHARE_XLATE_READ, a, a + MST_PAGE, &e, 1, &cnt, &next), EPERM,
		  "XLATE_READ range as uid 1000");
	CHECK_OK(xc_batch_raw(ctl, 0, 0, &a, 1, &e), "XLATE without READ as uid 1000");
	CHECK(e.flags & MEMSHARE_XF_PRESENT, "own page: %s", xc_str(&e));
	PASS();
}
