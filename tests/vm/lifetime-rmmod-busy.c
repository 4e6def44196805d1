// SPDX-License-Identifier: MIT
/* rmmod memshare fails (EWOULDBLOCK/EBUSY) while a buffer fd or a mapping
 * exists, even with the control device closed.
 * (If the module wrongly unloads, the rest of the suite fails: that is the
 * bug this test reports.) */
#include "mstest.h"
#include <sys/syscall.h>

static long try_rmmod(void)
{
	return SYSRES(syscall(SYS_delete_module, "memshare", O_NONBLOCK));
}

static void expect_busy(const char *what)
{
	long r = try_rmmod();

	if (r == 0)
		FAIL("%s: rmmod memshare succeeded (got 0, want -EWOULDBLOCK or -EBUSY): module unloaded while in use",
		     what);
	if (r != -EWOULDBLOCK && r != -EBUSY)
		FAIL("%s: rmmod memshare (got %s, want -EWOULDBLOCK or -EBUSY)", what, mst_res(r));
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	char refcnt[32];

	if (!mst_exists("/sys/module/memshare/refcnt"))
		SKIP("memshare is built into the kernel: nothing to unload");
	int fd = mst_create(ctl, 4 * MST_PAGE, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	int cfd = mst_create(ctl, 4 * MST_PAGE, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_EAGER);
	close(ctl);

	/* 1. buffer fds only */
	expect_busy("with buffer fds open");

	/* 2. mappings only */
	uint8_t *m = mst_map(fd, 0, 4 * MST_PAGE);
	uint8_t *cm = mst_map(cfd, 0, 4 * MST_PAGE);
	m[0] = 1;
	cm[0] = 2;
	close(fd);
	close(cfd);
	expect_busy("with only mappings (fds closed)");
	CHECK_EQ(m[0], 1, "mapping data after the failed rmmod");
	CHECK_EQ(cm[0], 2, "contig mapping data after the failed rmmod");
	mst_unmap(cm, 4 * MST_PAGE);
	expect_busy("with one mapping left");
	mst_unmap(m, 4 * MST_PAGE);

	/* 3. an fd of a named buffer (the param buffer, via its node) */
	if (mst_exists("/dev/memshare-" MST_SEED)) {
		int nfd = open("/dev/memshare-" MST_SEED, O_RDONLY | O_CLOEXEC);
		CHECK(nfd >= 0, "open /dev/memshare-seed004 (got -%s)", mst_errname(errno));
		expect_busy("with a named node fd open");
		close(nfd);
	}
	if (mst_read_file("/sys/module/memshare/refcnt", refcnt, sizeof(refcnt)) > 0)
		NOTE("refcnt now %s", refcnt);
	PASS();
}
