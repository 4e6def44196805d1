// SPDX-License-Identifier: MIT
/* ACCESS WRITE from a bad user pointer -> EFAULT (NULL, PROT_NONE page,
 * kernel address, a source that runs into an unmapped page). */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, 4 * MST_PAGE, 0, 0);
	uint8_t *none = mmap(NULL, MST_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *two = mmap(NULL, 2 * MST_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(none != MAP_FAILED && two != MAP_FAILED, "mmap");
	memset(two, 0x33, 2 * MST_PAGE);
	munmap(two + MST_PAGE, MST_PAGE);	/* the second page is gone */

	struct { const void *p; uint64_t len; const char *what; } bad[] = {
		{ (void *)8, 16, "user_ptr 8 (NULL page)" },
		{ none, 16, "user_ptr to a PROT_NONE page" },
		{ (void *)0xffff888000000000ULL, 16, "user_ptr = kernel address" },
		{ (void *)-4096L, 16, "user_ptr = top of the address space" },
		{ two + MST_PAGE - 8, 64, "source running into an unmapped page" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[96];

		snprintf(what, sizeof(what), "ACCESS WRITE from %s", bad[i].what);
		CHECK_ERR(mst_access(fd, MEMSHARE_ACCESS_WRITE, 0, bad[i].len, 0, bad[i].p, NULL),
			  EFAULT, what);
	}
	/* nothing beyond the faulting source was stored at offsets >= 8 */
	uint8_t b[64];
	CHECK_EQ(pread(fd, b, 64, 0), 64, "pread");
	CHECK(mst_find_not(b + 8, 56, 0) < 0, "bytes past the fault point were written");
	close(fd);
	PASS();
}
