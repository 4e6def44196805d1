// SPDX-License-Identifier: MIT
/* Eager policy: the whole range is installed at mmap(), so touching every
 * page (read, then write) costs (almost) no page faults. */
#include "mstest.h"

#define NP 64

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++) {
		int fd = mst_create(ctl, NP * MST_PAGE, backend, MEMSHARE_MAP_EAGER);
		uint8_t *m = mst_map(fd, 0, NP * MST_PAGE);
		uint8_t *m2 = mst_map(fd, 16 * MST_PAGE, 8 * MST_PAGE);

		long f0 = mst_minflt();
		mst_touch_read(m, NP * MST_PAGE);
		long f1 = mst_minflt();
		for (int i = 0; i < NP; i++)
			((volatile uint8_t *)m)[i * MST_PAGE + 1] = (uint8_t)i;
		long f2 = mst_minflt();
		mst_touch_read(m2, 8 * MST_PAGE);
		long f3 = mst_minflt();

		NOTE("backend %u: faults read %ld, write %ld, offset mapping %ld", backend,
		     f1 - f0, f2 - f1, f3 - f2);
		if (f1 - f0 > 4)
			FAIL("backend %u: minor faults reading %d pages of an eager mapping (got %ld, want ~0)",
			     backend, NP, f1 - f0);
		if (f2 - f1 > 4)
			FAIL("backend %u: minor faults writing %d pages of an eager mapping (got %ld, want ~0)",
			     backend, NP, f2 - f1);
		if (f3 - f2 > 4)
			FAIL("backend %u: minor faults reading an eager mapping at an offset (got %ld, want ~0)",
			     backend, f3 - f2);
		CHECK_EQ(m2[1], 16, "offset eager mapping sees the stores");
		mst_unmap(m2, 8 * MST_PAGE);
		mst_unmap(m, NP * MST_PAGE);
		close(fd);
	}
	PASS();
}
