// SPDX-License-Identifier: MIT
/* The names "." and ".." -> EINVAL (they would name directories in sysfs). */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);

	CHECK_ERR(mst_create_named_raw(ctl, ".", MST_PAGE, 0, 0, 0), EINVAL, "CREATE named \".\"");
	CHECK_ERR(mst_create_named_raw(ctl, "..", MST_PAGE, 0, 0, 0), EINVAL, "CREATE named \"..\"");
	CHECK_ERR(mst_create_named_raw(ctl, "..", MST_PAGE, 0, 0, MEMSHARE_CREATE_NO_FD), EINVAL,
		  "CREATE NO_FD named \"..\"");
	CHECK_EQ(mst_version(ctl).nr_named, v0.nr_named, "nr_named after the rejected CREATEs");
	PASS();
}
