// SPDX-License-Identifier: MIT
/* Without CAP_SYS_ADMIN DESTROY -> EPERM, for an existing name (the param
 * buffer, which survives) and for an unknown one. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();

	CHECK_ERR(mst_destroy_raw(ctl, "mst_no_such_buffer"), EPERM,
		  "unprivileged DESTROY of an unknown name");
	if (!mst_exists("/sys/class/memshare/" MST_SEED))
		SKIP("param buffer seed004 absent (boot with buffers=seed004:64K,seed004c:1M:contig)");
	CHECK_ERR(mst_destroy_raw(ctl, MST_SEED), EPERM, "unprivileged DESTROY " MST_SEED);
	CHECK_ERR(ms_destroy(ctl, MST_SEED), EPERM, "unprivileged ms_destroy " MST_SEED);
	CHECK(mst_exists("/sys/class/memshare/" MST_SEED), "seed004 gone after an unprivileged DESTROY");
	PASS();
}
