// SPDX-License-Identifier: MIT
/* At most max_named named buffers: fill up to the limit (param buffers
 * included), the next CREATE is ENOSPC, anonymous buffers still work, and
 * after one DESTROY a name is available again. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	char name[MEMSHARE_NAME_MAX];
	uint32_t n;

	if (v0.max_named > MST_MAX_TRACKED - 4)
		SKIP("max_named %u is too large for this test", v0.max_named);
	if (v0.nr_named > v0.max_named)
		FAIL("nr_named %u > max_named %u", v0.nr_named, v0.max_named);
	uint32_t room = v0.max_named - v0.nr_named;

	for (n = 0; n < room; n++) {
		snprintf(name, sizeof(name), "mst_lim%u", n);
		mst_track(name);
		long r = mst_create_named_raw(ctl, name, MST_PAGE, 0, 0, MEMSHARE_CREATE_NO_FD);
		if (r < 0)
			FAIL("CREATE named %s (%u of %u free) (got %s, want success)", name, n + 1,
			     room, mst_res(r));
		CHECK(r == MST_NOFD, "CREATE NO_FD output fd (got %ld, want -1)", r);
	}
	struct memshare_version v = mst_version(ctl);
	CHECK_EQ(v.nr_named, v.max_named, "nr_named at the limit");

	CHECK_ERR(mst_create_named_raw(ctl, "mst_lim_over", MST_PAGE, 0, 0, MEMSHARE_CREATE_NO_FD),
		  ENOSPC, "CREATE named beyond max_named");
	CHECK_ERR(mst_create_named_raw(ctl, "mst_lim_over", MST_PAGE, 0, 0, 0),
		  ENOSPC, "CREATE named (with fd) beyond max_named");
	CHECK(!mst_exists("/dev/memshare-mst_lim_over"), "/dev/memshare-mst_lim_over exists");
	CHECK_EQ(mst_version(ctl).nr_named, v.max_named, "nr_named after ENOSPC");

	int fd = mst_create(ctl, MST_PAGE, 0, 0);	/* anonymous: not limited */
	close(fd);

	CHECK_OK(mst_destroy_raw(ctl, "mst_lim0"), "DESTROY mst_lim0");
	CHECK_OK(mst_create_named_raw(ctl, "mst_lim_over", MST_PAGE, 0, 0, MEMSHARE_CREATE_NO_FD),
		 "CREATE named after a DESTROY at the limit");
	CHECK_OK(mst_destroy_raw(ctl, "mst_lim_over"), "DESTROY mst_lim_over");

	for (n = 1; n < room; n++) {
		snprintf(name, sizeof(name), "mst_lim%u", n);
		CHECK_OK(mst_destroy_raw(ctl, name), "DESTROY");
	}
	v = mst_version(ctl);
	CHECK_EQ(v.nr_named, v0.nr_named, "nr_named at the end");
	CHECK_EQ(v.total_bytes, v0.total_bytes, "total_bytes at the end");
	PASS();
}
