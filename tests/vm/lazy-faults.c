// SPDX-License-Identifier: MIT
/* Lazy policy: pages are installed one at a time by the fault handler, so
 * touching N pages of a fresh lazy mapping costs at least N minor faults,
 * and a second pass costs (almost) none. */
#include "mstest.h"

#define NP 64

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (int write = 0; write <= 1; write++) {
		int fd = mst_create(ctl, NP * MST_PAGE, backend, MEMSHARE_MAP_LAZY);
		uint8_t *m = mst_map(fd, 0, NP * MST_PAGE);
		long f0 = mst_minflt();

		if (write)
			for (int i = 0; i < NP; i++)
				((volatile uint8_t *)m)[i * MST_PAGE] = (uint8_t)i;
		else
			mst_touch_read(m, NP * MST_PAGE);
		long f1 = mst_minflt();
		mst_touch_read(m, NP * MST_PAGE);
		long f2 = mst_minflt();

		if (f1 - f0 < NP)
			FAIL("backend %u: minor faults %s %d pages of a fresh lazy mapping (got %ld, want >= %d)",
			     backend, write ? "writing" : "reading", NP, f1 - f0, NP);
		if (f2 - f1 > 8)
			FAIL("backend %u: minor faults on the second pass (got %ld, want ~0)",
			     backend, f2 - f1);
		NOTE("backend %u %s: %ld faults for %d pages, then %ld", backend,
		     write ? "write" : "read", f1 - f0, NP, f2 - f1);
		if (write)
			for (int i = 0; i < NP; i++)
				CHECK_EQ(m[i * MST_PAGE], i, "byte stored after a fault");
		mst_unmap(m, NP * MST_PAGE);
		close(fd);
	}
	PASS();
}
