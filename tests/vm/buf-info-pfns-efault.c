// SPDX-License-Identifier: MIT
/* BUF_INFO with a pfns_ptr that cannot be written -> EFAULT. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, 4 * MST_PAGE, 0, 0);
	void *ro = mmap(NULL, MST_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *none = mmap(NULL, MST_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(ro != MAP_FAILED && none != MAP_FAILED, "mmap");
	struct { void *p; const char *what; } bad[] = {
		{ ro, "read-only page" }, { none, "PROT_NONE page" },
		{ (void *)0x10, "address 0x10" }, { (void *)-4096L, "kernel address" },
	};
	for (unsigned i = 0; i < 4; i++) {
		struct memshare_buf_info bi = { .size = sizeof(bi) };
		char what[96];

		bi.pfns_ptr = (uintptr_t)bad[i].p;
		bi.pfns_count = 4;
		snprintf(what, sizeof(what), "BUF_INFO pfns_ptr = %s", bad[i].what);
		CHECK_ERR(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi), EFAULT, what);
	}
	close(fd);
	PASS();
}
