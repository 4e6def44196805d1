// SPDX-License-Identifier: MIT
/* Translating another user's process without CAP_SYS_ADMIN (uid 1000):
 * pid 1 (root's init) is -EPERM, in the batch and the range forms, as
 * /proc/1/pagemap is refused to the same user; a pid that does not exist
 * is -ESRCH. */
#include "xcheck.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = xc_ctl();
	uint64_t a = 0x400000, cnt, next;
	xc_ent e;

	CHECK_ERR(xc_batch_raw(ctl, 1, 0, &a, 1, &e), EPERM, "XLATE batch of pid 1 as uid 1000");
	CHECK_ERR(xc_range_raw(ctl, 1, 0, a, a + MST_PAGE, &e, 1, &cnt, &next), EPERM,
		  "XLATE range of pid 1 as uid 1000");
	int fd = open("/proc/1/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t pm;
	CHECK(fd < 0 || pread(fd, &pm, 8, 0) < 0, "/proc/1/pagemap readable by uid 1000: test setup?");
	if (fd >= 0)
		close(fd);
	CHECK_ERR(xc_batch_raw(ctl, 0x3fffffff, 0, &a, 1, &e), ESRCH, "XLATE of a pid that does not exist");
	PASS();
}
