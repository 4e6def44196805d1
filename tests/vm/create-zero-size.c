// SPDX-License-Identifier: MIT
/* CREATE with length 0 -> EINVAL, and no buffer is created. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);

	for (uint32_t backend = 0; backend <= 1; backend++)
		CHECK_ERR(mst_create_raw(ctl, 0, backend, 0), EINVAL, "CREATE length 0");
	CHECK_EQ(mst_version(ctl).nr_buffers, v0.nr_buffers, "nr_buffers after CREATE length 0");
	PASS();
}
