// SPDX-License-Identifier: MIT
/* Without CAP_SYS_ADMIN a named CREATE -> EPERM (with or without NO_FD),
 * and nothing is created. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);

	CHECK_ERR(mst_create_named_raw(ctl, "mst_unpriv", MST_PAGE, 0, 0, 0), EPERM,
		  "unprivileged CREATE NAMED");
	CHECK_ERR(mst_create_named_raw(ctl, "mst_unpriv", MST_PAGE, 0, 0, MEMSHARE_CREATE_NO_FD),
		  EPERM, "unprivileged CREATE NAMED|NO_FD");
	CHECK_ERR(mst_create_named_raw(ctl, "mst_unpriv", MST_PAGE, MEMSHARE_BACKEND_CONTIG,
				       MEMSHARE_MAP_EAGER, 0),
		  EPERM, "unprivileged CREATE NAMED contig eager");
	MS_OPTS(ms_create_opts, o, .name = "mst_unpriv");
	int r = ms_create(ctl, MST_PAGE, &o);
	CHECK_ERR(r, EPERM, "unprivileged ms_create with a name");
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_named, v0.nr_named, "nr_named");
	CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers");
	CHECK(!mst_exists("/dev/memshare-mst_unpriv"), "/dev/memshare-mst_unpriv exists");
	PASS();
}
