// SPDX-License-Identifier: MIT
/* Without CAP_SYS_ADMIN OPEN of a named buffer -> EACCES unless named_mode
 * grants others read and write (then it works); opening /dev/memshare-NAME
 * follows the node's mode. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();

	if (!mst_exists("/sys/class/memshare/" MST_SEED))
		SKIP("param buffer seed004 absent (boot with buffers=seed004:64K,seed004c:1M:contig)");
	unsigned mode = mst_param_mode("named_mode", 0600);
	bool others_rw = (mode & 006) == 006;
	long r = mst_open_raw(ctl, MST_SEED);

	if (others_rw) {
		CHECK_OK(r, "unprivileged OPEN with named_mode granting others rw");
		close((int)r);
	} else {
		CHECK_ERR(r, EACCES, "unprivileged OPEN " MST_SEED " (named_mode 0600)");
		CHECK_ERR(ms_open_named(ctl, MST_SEED), EACCES, "unprivileged ms_open_named");
		CHECK_ERR(SYSRES(open("/dev/memshare-" MST_SEED, O_RDWR)), EACCES,
			  "unprivileged open(/dev/memshare-seed004, O_RDWR)");
		CHECK_ERR(SYSRES(open("/dev/memshare-" MST_SEED, O_RDONLY)), EACCES,
			  "unprivileged open(/dev/memshare-seed004, O_RDONLY)");
	}
	PASS();
}
